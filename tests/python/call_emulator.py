"""Calls the emulator with the official Python SDK (alibabacloud-iot20180120) and prints what the
SDK decoded, as JSON on stdout, for tests/tests/python_sdk_interop.rs to compare with the samples.

Environment:
  EMULATOR_ENDPOINT           host:port of the emulator (plain HTTP)
  EMULATOR_ACCESS_KEY_ID      the AccessKey pair it accepts
  EMULATOR_ACCESS_KEY_SECRET
  EMULATOR_SIGNATURE          v3 (the SDK's default, ACS3-HMAC-SHA256) or v1 (HMAC-SHA1)

Exit status: 0 when both calls succeeded, 1 when a call failed (the error on stderr), 2 when the
SDK is not importable.
"""

import json
import os
import sys

try:
    from alibabacloud_iot20180120 import models as iot_models
    from alibabacloud_iot20180120.client import Client
    from alibabacloud_tea_openapi import models as openapi_models
    from alibabacloud_tea_util import models as util_models
except ImportError as error:  # the Rust test decides whether that is a skip or a failure
    print(f"the official SDK is not importable: {error}", file=sys.stderr)
    sys.exit(2)


def client(signature: str) -> Client:
    config = openapi_models.Config(
        access_key_id=os.environ["EMULATOR_ACCESS_KEY_ID"],
        access_key_secret=os.environ["EMULATOR_ACCESS_KEY_SECRET"],
        endpoint=os.environ["EMULATOR_ENDPOINT"],
        # The SDK defaults to https; the emulator serves plain HTTP on loopback.
        protocol="http",
        region_id="cn-shanghai",
    )
    if signature == "v1":
        # The SDK's name for the legacy RPC signature (HMAC-SHA1) is "v2".
        config.signature_algorithm = "v2"
    elif signature != "v3":
        raise SystemExit(f"EMULATOR_SIGNATURE must be v1 or v3, not {signature!r}")
    return Client(config)


def main() -> int:
    iot = client(os.environ.get("EMULATOR_SIGNATURE", "v3"))
    # No retries: a failure must show, not be papered over.
    runtime = util_models.RuntimeOptions(autoretry=False)
    try:
        products = iot.query_product_list_with_options(
            iot_models.QueryProductListRequest(current_page=1, page_size=10), runtime
        )
        modules = iot.list_otamodule_by_product_with_options(
            iot_models.ListOTAModuleByProductRequest(product_key="a1uctKe0001"), runtime
        )
    except Exception as error:  # the SDK raises its own exception types; report any
        print(f"call failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "QueryProductList": {"status": products.status_code, "body": products.body.to_map()},
                "ListOTAModuleByProduct": {"status": modules.status_code, "body": modules.body.to_map()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

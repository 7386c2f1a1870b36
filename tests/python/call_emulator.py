"""Calls the emulator with the official Python SDK (alibabacloud-iot20180120) and prints what the
SDK decoded, as JSON on stdout, for tests/tests/python_sdk_interop.rs to compare with the samples.

Environment:
  EMULATOR_ENDPOINT           host:port of the emulator (plain HTTP)
  EMULATOR_ACCESS_KEY_ID      the AccessKey pair it accepts
  EMULATOR_ACCESS_KEY_SECRET
  EMULATOR_SIGNATURE          v3 (the SDK's default, ACS3-HMAC-SHA256) or v1 (HMAC-SHA1)
  EMULATOR_SCENARIO           success (default): QueryProductList and ListOTAModuleByProduct;
                              errors: what the SDK makes of the emulator's error answers, in order
                              a wrong secret, then the answers the test scripted: ListOTAModuleByProduct
                              throttled, ListOTAModuleByProduct 503, QueryProductList business error

Exit status: 0 when the scenario ran as expected, 1 when it did not (the error on stderr), 2 when
the SDK is not importable.
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


def client(signature: str, secret_suffix: str = "") -> Client:
    config = openapi_models.Config(
        access_key_id=os.environ["EMULATOR_ACCESS_KEY_ID"],
        access_key_secret=os.environ["EMULATOR_ACCESS_KEY_SECRET"] + secret_suffix,
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


# No retries: a failure must show, not be papered over.
RUNTIME = util_models.RuntimeOptions(autoretry=False)


def query_product_list(iot: Client):
    return iot.query_product_list_with_options(iot_models.QueryProductListRequest(current_page=1, page_size=10), RUNTIME)


def list_ota_modules(iot: Client):
    return iot.list_otamodule_by_product_with_options(
        iot_models.ListOTAModuleByProductRequest(product_key="a1uctKe0001"), RUNTIME
    )


def success(signature: str) -> dict:
    iot = client(signature)
    products = query_product_list(iot)
    modules = list_ota_modules(iot)
    return {
        "QueryProductList": {"status": products.status_code, "body": products.body.to_map()},
        "ListOTAModuleByProduct": {"status": modules.status_code, "body": modules.body.to_map()},
    }


def raised(call) -> dict:
    """The fields of the exception `call` raises; it must raise."""
    try:
        call()
    except Exception as error:  # the SDK's exception types differ by status; report the fields
        return {
            "exception": type(error).__name__,
            "status_code": getattr(error, "status_code", None),
            "code": getattr(error, "code", None),
            "request_id": getattr(error, "request_id", None),
            "retry_after": getattr(error, "retry_after", None),
        }
    raise AssertionError("the call succeeded but should have failed")


def errors(signature: str) -> dict:
    iot = client(signature)
    wrong_secret = raised(lambda: query_product_list(client(signature, secret_suffix="-wrong")))
    throttled = raised(lambda: list_ota_modules(iot))
    unavailable = raised(lambda: list_ota_modules(iot))
    # A business error is HTTP 200: the SDK returns it as a body with Success false.
    business = query_product_list(iot)
    return {
        "wrong_secret": wrong_secret,
        "throttled": throttled,
        "unavailable": unavailable,
        "business": {"status": business.status_code, "body": business.body.to_map()},
    }


def main() -> int:
    signature = os.environ.get("EMULATOR_SIGNATURE", "v3")
    scenario = os.environ.get("EMULATOR_SCENARIO", "success")
    scenarios = {"success": success, "errors": errors}
    if scenario not in scenarios:
        print(f"EMULATOR_SCENARIO must be one of {sorted(scenarios)}, not {scenario!r}", file=sys.stderr)
        return 1
    try:
        result = scenarios[scenario](signature)
    except Exception as error:  # the SDK raises its own exception types; report any
        print(f"{scenario} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

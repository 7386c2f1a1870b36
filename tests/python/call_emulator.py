"""Calls the emulator with a product's official Python SDK (alibabacloud-iot20180120 by default) and
prints what the SDK decoded, as JSON on stdout, for tests/tests/python_sdk_interop.rs to compare
with the samples.

Environment:
  EMULATOR_SDK                the SDK's package (default alibabacloud_iot20180120)
  EMULATOR_API_VERSION        the product's API version (default 2018-01-20), for actions the SDK
                              has no method for
  EMULATOR_ENDPOINT           host:port of the emulator (plain HTTP)
  EMULATOR_ACCESS_KEY_ID      the AccessKey pair it accepts
  EMULATOR_ACCESS_KEY_SECRET
  EMULATOR_SIGNATURE          v3 (the SDK's default, ACS3-HMAC-SHA256) or v1 (HMAC-SHA1)
  EMULATOR_SCENARIO           every-action (default): calls every action of the table read on stdin
                              (see `every_action`) with every parameter filled;
                              errors: what the SDK makes of the emulator's error answers, in order
                              a wrong secret, then the answers the test scripted: ListOTAModuleByProduct
                              throttled, ListOTAModuleByProduct 503, QueryProductList business error;
                              state: what the SDK sees of the emulator's IoT state and leaves in it
                              (see `state`), for a product whose ProductKey is read on stdin

Exit status: 0 when the scenario ran (every-action reports each action's outcome, failures
included, in its output), 1 when it could not run (the error on stderr), 2 when the SDK is not
importable.
"""

import importlib
import inspect
import json
import os
import sys

SDK = os.environ.get("EMULATOR_SDK", "alibabacloud_iot20180120")

try:
    iot_models = importlib.import_module(f"{SDK}.models")
    Client = importlib.import_module(f"{SDK}.client").Client
    from alibabacloud_openapi_util.client import Client as OpenApiUtilClient
    from alibabacloud_tea_openapi import models as openapi_models
    from alibabacloud_tea_util import models as util_models
except ImportError as error:  # the Rust test turns this into a failure naming what is missing
    print(f"the official SDK is not importable: {error}", file=sys.stderr)
    sys.exit(2)


def client(signature: str, secret_suffix: str = ""):
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


# --- every action --------------------------------------------------------------------------------

# A value of each scalar kind of the emulator's table (`ScalarKind`). The string has what real
# values have (a space, CJK, characters that percent-encoding and signing must get right); the
# long does not fit 32 bits; the SDK sends the boolean as `True`.
SCALARS = {
    "String": "v 值/*~+&=",
    "Integer": 7,
    "Long": 1_700_000_000_123,
    "Boolean": True,
    "Float": 1.5,
    "Double": 2.25,
}


def value_of(shape: dict):
    """A value of a parameter shape of the table, as the SDK's `from_map` takes it."""
    if "scalar" in shape:
        return SCALARS[shape["scalar"]]
    if "list" in shape:
        value = SCALARS[shape["list"]]
        # Two elements, different where the kind allows it.
        return [value, value if isinstance(value, bool) else value + value]
    if "objects" in shape:
        return [{field["name"]: value_of(field["shape"]) for field in shape["objects"]} for _ in range(2)]
    if "object" in shape:
        return {field["name"]: value_of(field["shape"]) for field in shape["object"]}
    if "json" in shape:
        # A JSON-style object (the SDK types these parameters `Dict[str, Any]`) with nesting.
        return {"Key": SCALARS["String"], "Count": SCALARS["Integer"], "Enabled": True, "Items": ["a", "b"]}
    raise ValueError(f"unknown parameter shape {shape!r}")


def by_squashed_name(names) -> dict:
    """Names keyed by lowercase without underscores: how the SDK's names derive from the action."""
    return {name.replace("_", "").lower(): name for name in names}


def sdk_operations() -> dict:
    """squashed action name -> the client's synchronous `..._with_options` method. The SDK glues
    the suffix without `_` after a trailing acronym: `generate_otaupload_urlwith_options`."""
    methods = (name for name in dir(Client) if name.endswith("with_options"))
    return {name.removesuffix("with_options").replace("_", "").lower(): name for name in methods}


def sdk_models() -> dict:
    """squashed class name -> model class."""
    classes = {name: cls for name, cls in vars(iot_models).items() if isinstance(cls, type)}
    return {squashed: classes[name] for squashed, name in by_squashed_name(classes).items()}


def outcome_of_error(error: Exception) -> dict:
    return {
        "exception": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
        "code": getattr(error, "code", None),
        "message": str(getattr(error, "message", None) or error),
    }


def call_generically(iot: Client, entry: dict, wire: dict) -> dict:
    """Calls an action the SDK has no method for through its generic `call_api`, as its generated
    methods do: every parameter in the query, JSON parameters as JSON text, POST when accepted."""
    query = {
        name: OpenApiUtilClient.array_to_string_with_specified_style(value, name, "json") if "json" in shape else value
        for name, value, shape in ((p["name"], wire[p["name"]], p["shape"]) for p in entry["params"])
    }
    params = openapi_models.Params(
        action=entry["action"],
        version=os.environ.get("EMULATOR_API_VERSION", "2018-01-20"),
        protocol="HTTPS",
        pathname="/",
        method="POST" if "POST" in entry["methods"] else entry["methods"][0],
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    request = openapi_models.OpenApiRequest(query=OpenApiUtilClient.query(query))
    outcome = {"sdk_missing": f"the SDK's Client has no `...with_options` method for {entry['action']}", "params": wire}
    try:
        answer = iot.call_api(params, request, RUNTIME)
    except Exception as error:  # the SDK raises its own exception types; report any
        outcome["error"] = outcome_of_error(error)
        return outcome
    outcome.update(status=answer.get("statusCode"), body=answer.get("body"), dropped_params=[], altered_params={})
    return outcome


def call_action(iot: Client, entry: dict, operations: dict, models: dict) -> dict:
    """Calls one action with every parameter filled; what was sent, dropped, answered."""
    action = entry["action"]
    squashed = action.lower()
    wire = {param["name"]: value_of(param["shape"]) for param in entry["params"]}
    if squashed not in operations:
        return call_generically(iot, entry, wire)
    method_name = operations[squashed]
    method = getattr(iot, method_name)
    outcome = {"method": method_name, "params": wire}
    # `(request, runtime)`, or `(runtime)` for actions the SDK gives no parameters.
    if len(inspect.signature(method).parameters) == 2:
        request_class = models.get(squashed + "request")
        if request_class is None:
            outcome["error"] = {"exception": "LookupError", "message": f"no request class {action}Request for {method_name}"}
            return outcome
        outcome["request_class"] = request_class.__name__
        request = request_class().from_map(wire)
        kept = request.to_map()
        args = (request, RUNTIME)
    else:
        kept = {}
        args = (RUNTIME,)
    # Parameters of the table the SDK's request model has no field for (it sends none of them),
    # and those it keeps with another value than the one set.
    outcome["dropped_params"] = sorted(name for name in wire if name not in kept)
    outcome["altered_params"] = {
        name: {"set": wire[name], "kept": kept[name]} for name in sorted(wire) if name in kept and kept[name] != wire[name]
    }
    try:
        response = method(*args)
    except Exception as error:  # the SDK raises its own exception types; report any
        outcome["error"] = outcome_of_error(error)
        return outcome
    outcome["status"] = response.status_code
    outcome["body"] = response.body.to_map() if response.body is not None else None
    return outcome


def every_action(signature: str) -> dict:
    """Reads the emulator's table on stdin, `[{"action": ..., "methods": ["POST", ...], "params":
    [{"name", "required", "shape"}]}]` (shape: `{"scalar": kind}`, `{"list": kind}`, `{"objects": [params]}`,
    `{"object": [params]}` or `{"json": true}`), calls every action, and returns `{"actions": {action: outcome},
    "sdk_only": [...]}`: each outcome has the `params` set (by wire name), `dropped_params` and
    `altered_params`, then `body` and `status`, or `error`; `sdk_missing` says why
    the SDK's generic `call_api` made the call, for lack of a method of the action's own."""
    table = json.load(sys.stdin)
    iot = client(signature)
    operations, models = sdk_operations(), sdk_models()
    served = {entry["action"].lower() for entry in table}
    return {
        "actions": {entry["action"]: call_action(iot, entry, operations, models) for entry in table},
        # Operations of the SDK the emulator does not serve, for information.
        "sdk_only": sorted(operations[name] for name in operations if name not in served),
    }


# --- error answers -------------------------------------------------------------------------------


def query_product_list(iot: Client):
    return iot.query_product_list_with_options(iot_models.QueryProductListRequest(current_page=1, page_size=10), RUNTIME)


def list_ota_modules(iot: Client):
    return iot.list_otamodule_by_product_with_options(
        iot_models.ListOTAModuleByProductRequest(product_key="a1uctKe0001"), RUNTIME
    )


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


def state(signature: str) -> dict:
    """Reads the device the Rust client registered (`pump-rs`), registers `pump-py`, sets its
    `Speed` property and publishes to it, and reads a device that does not exist."""
    product_key = json.load(sys.stdin)["ProductKey"]
    iot = client(signature)
    seen = iot.query_device_info_with_options(
        iot_models.QueryDeviceInfoRequest(product_key=product_key, device_name="pump-rs"), RUNTIME
    ).body.to_map()
    registered = iot.register_device_with_options(
        iot_models.RegisterDeviceRequest(product_key=product_key, device_name="pump-py", nickname="from python"), RUNTIME
    ).body.to_map()
    iot.set_device_property_with_options(
        iot_models.SetDevicePropertyRequest(product_key=product_key, device_name="pump-py", items='{"Speed": 7}'), RUNTIME
    )
    iot.pub_with_options(
        iot_models.PubRequest(
            product_key=product_key,
            topic_full_name=f"/{product_key}/pump-py/user/get",
            message_content="aGVsbG8=",  # "hello"
            qos=1,
        ),
        RUNTIME,
    )
    missing = iot.query_device_info_with_options(
        iot_models.QueryDeviceInfoRequest(product_key=product_key, device_name="pump-missing"), RUNTIME
    ).body.to_map()
    # The emulator's own endpoints, as a test in another language drives them: the device comes
    # online and answers RRpc with what the test registers; the messages are read back.
    control("POST", "device-status", {"ProductKey": product_key, "DeviceName": "pump-py", "Status": "ONLINE"})
    control("POST", "rrpc-replies", {"ProductKey": product_key, "DeviceName": "pump-py", "PayloadBase64": "cG9uZw=="})
    rrpc = iot.r_rpc_with_options(
        iot_models.RRpcRequest(product_key=product_key, device_name="pump-py", timeout=1000, request_base_64byte="cGluZw=="),
        RUNTIME,
    ).body.to_map()
    messages = control("GET", "messages")
    return {"seen": seen, "registered": registered, "missing": missing, "rrpc": rrpc, "messages": messages}


def control(method: str, endpoint: str, body=None):
    """Calls the emulator's endpoint `/_emulator/iot/<endpoint>`; its JSON answer, if any."""
    import urllib.request

    data = None if body is None else json.dumps(body).encode()
    url = f"http://{os.environ['EMULATOR_ENDPOINT']}/_emulator/iot/{endpoint}"
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method)) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def main() -> int:
    signature = os.environ.get("EMULATOR_SIGNATURE", "v3")
    scenario = os.environ.get("EMULATOR_SCENARIO", "every-action")
    scenarios = {"every-action": every_action, "errors": errors, "state": state}
    if scenario not in scenarios:
        print(f"EMULATOR_SCENARIO must be one of {sorted(scenarios)}, not {scenario!r}", file=sys.stderr)
        return 1
    try:
        result = scenarios[scenario](signature)
    except Exception as error:  # the SDK raises its own exception types; report any
        print(f"{scenario} failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    # `repr` for anything JSON cannot hold, so that it shows in the comparison rather than crash.
    print(json.dumps(result, ensure_ascii=False, default=repr))
    return 0


if __name__ == "__main__":
    sys.exit(main())

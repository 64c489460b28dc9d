"""A minimal Lambda Invoke API server for the interop tests: what `sam local start-lambda` and the
Lambda Runtime Interface Emulator serve, enough for Gatehouse's Lambda-invoke authorizer runner.

`POST /2015-03-31/functions/{name}/invocations` with the event as the body runs the function and
answers 200 with its JSON result. A function that raises answers 200 too, with the header
`X-Amz-Function-Error: Unhandled` and Lambda's error body
`{"errorMessage": …, "errorType": …, "stackTrace": []}`. An unknown function is a 404
`ResourceNotFoundException`.

Functions:
- `PythonFunction(path)`: the file is imported once (a warm container) and `handler(event, None)`
  is called on the request's thread.
- `NodeFunction(folder)`: each invocation runs `node -e <shim>`, which requires `folder/index.js`
  and awaits its `handler(event, context)`.

Every invocation's event is recorded in `server.invocations[name]`.

Standalone: `python lambda_invoke_server.py NAME=path.py NAME2=node-folder …` prints the endpoint
and serves until interrupted.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INVOKE_PREFIX = "/2015-03-31/functions/"
INVOKE_SUFFIX = "/invocations"


class FunctionError(Exception):
    """A function's failure, in Lambda's terms."""

    def __init__(self, message: str, error_type: str):
        super().__init__(message)
        self.message = message
        self.error_type = error_type


@dataclass
class PythonFunction:
    path: Path
    handler: str = "handler"
    _module: Any = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _load(self) -> Any:
        with self._lock:
            if self._module is None:
                path = Path(self.path).resolve()
                # The function's folder is on the path, as Lambda's task root is (sibling imports).
                if str(path.parent) not in sys.path:
                    sys.path.insert(0, str(path.parent))
                name = f"lambda_fn_{path.stem}_{abs(hash(str(path)))}"
                spec = importlib.util.spec_from_file_location(name, path)
                assert spec is not None and spec.loader is not None, path
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                self._module = module
            return self._module

    def invoke(self, event: Any) -> Any:
        try:
            return getattr(self._load(), self.handler)(event, None)
        except Exception as error:  # the function's own exception: Lambda's "Unhandled"
            raise FunctionError(str(error), type(error).__name__) from error


NODE_SHIM = r"""
const target = require(process.env.GATEHOUSE_LAMBDA_HANDLER);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  let out;
  try {
    const result = await target.handler(JSON.parse(input), { functionName: process.env.GATEHOUSE_LAMBDA_NAME });
    out = { result: result === undefined ? null : result };
  } catch (error) {
    out = { error: { errorMessage: error && error.message !== undefined ? String(error.message) : String(error),
                     errorType: (error && error.name) || 'Error' } };
  }
  process.stdout.write(JSON.stringify(out));
});
"""


@dataclass
class NodeFunction:
    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 30

    def invoke(self, event: Any) -> Any:
        node = shutil.which("node")
        if node is None:
            raise FunctionError("node is not installed", "Runtime.InvalidEntrypoint")
        env = {
            **os.environ,
            **self.env,
            "GATEHOUSE_LAMBDA_HANDLER": str(Path(self.folder).resolve() / "index.js"),
            "GATEHOUSE_LAMBDA_NAME": Path(self.folder).name,
        }
        try:
            proc = subprocess.run(
                [node, "-e", NODE_SHIM],
                input=json.dumps(event).encode(),
                capture_output=True,
                env=env,
                cwd=str(self.folder),
                timeout=self.timeout,
            )
        except subprocess.TimeoutExpired:
            raise FunctionError("Task timed out", "Sandbox.Timedout") from None
        try:
            out = json.loads(proc.stdout)
        except ValueError:
            lines = [line for line in proc.stderr.decode(errors="replace").splitlines() if line.strip()]
            raise FunctionError(lines[-1] if lines else f"exit status {proc.returncode}", "Runtime.ExitError") from None
        if "error" in out:
            raise FunctionError(out["error"]["errorMessage"], out["error"]["errorType"])
        return out["result"]


class LambdaInvokeServer:
    """Serves `functions` (name → PythonFunction | NodeFunction) on 127.0.0.1, a random port."""

    def __init__(self, functions: dict[str, PythonFunction | NodeFunction]):
        self.functions = functions
        self.invocations: dict[str, list[Any]] = {name: [] for name in functions}
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                if not (path.startswith(INVOKE_PREFIX) and path.endswith(INVOKE_SUFFIX)):
                    self._reply(404, {"message": f"no route {path}"}, {"x-amzn-ErrorType": "UnknownOperationException"})
                    return
                name = path[len(INVOKE_PREFIX) : -len(INVOKE_SUFFIX)]
                function = server.functions.get(name)
                if function is None:
                    self._reply(
                        404,
                        {"Type": "User", "message": f"Function not found: {name}"},
                        {"x-amzn-ErrorType": "ResourceNotFoundException"},
                    )
                    return
                try:
                    event = json.loads(body or b"{}")
                except ValueError:
                    self._reply(
                        400,
                        {"Type": "User", "message": "Could not parse request body into json"},
                        {"x-amzn-ErrorType": "InvalidRequestContentException"},
                    )
                    return
                with server._lock:
                    server.invocations[name].append(event)
                try:
                    result = function.invoke(event)
                    payload = json.dumps(result).encode()
                except FunctionError as error:
                    self._function_error(error.message, error.error_type)
                    return
                except (TypeError, ValueError) as error:  # a result json cannot encode
                    self._function_error(f"Unable to marshal response: {error}", "Runtime.MarshalError")
                    return
                except Exception as error:  # the server's own bug: still Lambda's shape
                    traceback.print_exc()
                    self._function_error(str(error), type(error).__name__)
                    return
                self._send(200, payload, {"X-Amz-Executed-Version": "$LATEST"})

            def _function_error(self, message: str, error_type: str) -> None:
                body = {"errorMessage": message, "errorType": error_type, "stackTrace": []}
                self._reply(200, body, {"X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST"})

            def _reply(self, status: int, body: Any, headers: dict[str, str]) -> None:
                self._send(status, json.dumps(body).encode(), headers)

            def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the caller gave up (its timeout)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def calls(self, name: str) -> int:
        with self._lock:
            return len(self.invocations[name])

    def start(self) -> "LambdaInvokeServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "LambdaInvokeServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def main(argv: list[str]) -> None:
    functions: dict[str, PythonFunction | NodeFunction] = {}
    for spec in argv:
        name, _, location = spec.partition("=")
        path = Path(location)
        functions[name] = NodeFunction(path) if path.is_dir() else PythonFunction(path)
    with LambdaInvokeServer(functions) as server:
        print(server.endpoint, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])

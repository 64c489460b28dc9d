#!/usr/bin/env bash
# The signing demo behind `make run`: sign the bundled request, verify it as a server would,
# show a tampered copy rejected with its reason, then print a presigned URL.
#
# Usage: Policies/demo/run-demo.sh PATH/TO/gatehouse
#
# Everything is offline and deterministic: the request is signed at a fixed time and verified
# a minute later, with the AWS documentation's example key (never a real one).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 PATH/TO/gatehouse" >&2
    exit 2
fi
gatehouse="$1"
if [ ! -x "$gatehouse" ]; then
    echo "run-demo: \`$gatehouse\` is not an executable (build it first: swift build --product gatehouse)" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
request="$here/request.http"
credentials="$here/credentials.json"

# The demo key pair from the AWS documentation, exported for this script only.
export AWS_ACCESS_KEY_ID="AKIDEXAMPLE"
export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
unset AWS_SESSION_TOKEN AWS_PROFILE

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
signed="$workdir/signed.http"
tampered="$workdir/tampered.http"

heading() {
    printf '\n== %s\n\n' "$1"
}

heading "1. The request to sign ($request)"
cat "$request"

heading "2. Sign it: gatehouse sign --request-file … --service execute-api --region us-east-1"
"$gatehouse" sign \
    --request-file "$request" \
    --service execute-api \
    --region us-east-1 \
    --timestamp 2026-01-15T10:00:00Z \
    --output json > "$workdir/signed.json"
python3 -c '
import json, sys
result = json.load(open(sys.argv[1]))
print("canonical request:")
print("  " + result["canonicalRequest"].replace("\n", "\n  "))
print("\nstring to sign:")
print("  " + result["stringToSign"].replace("\n", "\n  "))
print("\nsigned request:")
print("  " + result["signedRequest"].rstrip("\n").replace("\n", "\n  "))
with open(sys.argv[2], "w") as out:
    out.write(result["signedRequest"])
' "$workdir/signed.json" "$signed"

heading "3. Verify it as API Gateway would, one minute later (expect: valid)"
"$gatehouse" verify \
    --request-file "$signed" \
    --credentials "$credentials" \
    --now 2026-01-15T10:01:00Z

heading "4. Change one character of the path (/items/123 -> /items/124) and verify again"
python3 -c '
import sys
text = open(sys.argv[1]).read()
line, rest = text.split("\n", 1)
if "/items/123" not in line:
    sys.exit("run-demo: the signed request line has no /items/123 to tamper with")
open(sys.argv[2], "w").write(line.replace("/items/123", "/items/124", 1) + "\n" + rest)
' "$signed" "$tampered"
head -n 1 "$tampered"
echo
status=0
"$gatehouse" verify \
    --request-file "$tampered" \
    --credentials "$credentials" \
    --now 2026-01-15T10:01:00Z || status=$?
if [ "$status" -ne 1 ]; then
    echo "run-demo: expected the tampered request to be rejected (exit 1), got exit $status" >&2
    exit 1
fi
echo "(exit status 1: rejected, as it should be)"

heading "5. A presigned URL for the same resource, valid for 5 minutes"
"$gatehouse" presign \
    "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/123?limit=10&sort=asc" \
    --service execute-api \
    --region us-east-1 \
    --expires 300 \
    --timestamp 2026-01-15T10:00:00Z

heading "Done"
echo "Try it on your own requests: $gatehouse sign --help, $gatehouse verify --help"

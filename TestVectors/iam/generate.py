#!/usr/bin/env python3
"""Writes load-cases.json and glob-cases.json: hand-written cases from reference/iam.md §1 and §3.

load-cases.json: a document (as text, so positions are exact), the policy kind, and either
"expect": "ok" or the error code with the JSON path, line and column it must name.
glob-cases.json: pattern, text, case-insensitivity, expected match, and why.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

def doc(statement, version="2012-10-17"):
    body = {"Version": version, "Statement": statement} if version else {"Statement": statement}
    return json.dumps(body, indent=2)

ALLOW = {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}
load = []
def case(id, why, text, expect="ok", kind="identity", path=None, line=None, column=None):
    c = {"id": id, "why": why, "kind": kind, "document": text, "expect": expect}
    if path: c["path"] = path
    if line: c["line"] = line
    if column: c["column"] = column
    load.append(c)

case("ok-object-statement", "Statement may be one object", doc(ALLOW))
case("ok-array-statement", "Statement may be a list", doc([ALLOW, {**ALLOW, "Effect": "Deny"}]))
case("ok-no-version", "Version is optional (2008-10-17 then)", doc(ALLOW, version=None))
case("ok-resource-policy", "resource policies name principals",
     doc({**ALLOW, "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"]}}), kind="resource")
case("ok-anyone", "{\"AWS\": \"*\"} is everyone", doc({**ALLOW, "Principal": {"AWS": "*"}}), kind="resource")
case("ok-conditions", "operators in any case, IfExists, qualifiers, numbers and booleans as values",
     doc({**ALLOW, "Condition": {"stringequalsIfExists": {"aws:PrincipalTag/team": ["a", "b"]},
                                  "ForAnyValue:StringLike": {"aws:TagKeys": "env*"},
                                  "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                                  "Bool": {"aws:SecureTransport": True}}}))
case("ok-rcp", "an RCP: Deny with Principal *",
     doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}), kind="resource control policy")

case("bad-json", "invalid JSON is a load error naming the place", '{"Statement": [}', "invalidJSON", path="$.Statement[0]", line=1, column=16)
case("bad-trailing", "text after the document", doc(ALLOW) + " x", "invalidJSON", path="$")
case("bad-duplicate-key", "duplicate keys are rejected, as IAM does",
     '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}', "duplicateKey", path="$.Version", line=1, column=27)
case("bad-unknown-top", "unknown keys are rejected",
     '{"Version": "2012-10-17",\n "Statment": []}', "unknownKey", path="$.Statment", line=2, column=14)
case("bad-element-case", "element names are case-sensitive",
     '{"Statement": {"effect": "Allow", "Action": "a:b", "Resource": "*"}}', "unknownKey", path="$.Statement.effect")
case("bad-version", "only two versions exist", doc(ALLOW, version="2012-10-18"), "invalidValue", path="$.Version")
case("bad-no-statement", "Statement is required", '{"Version": "2012-10-17"}', "missingElement", path="$")
case("bad-empty-statement-list", "an empty Statement list", doc([]), "missingElement", path="$.Statement")
case("bad-effect-case", "Effect is exactly Allow or Deny", doc({**ALLOW, "Effect": "allow"}), "invalidValue", path="$.Statement.Effect")
case("bad-no-effect", "Effect is required",
     doc({"Action": "a:b", "Resource": "*"}), "missingElement", path="$.Statement")
case("bad-action-and-notaction", "both of a pair", doc({**ALLOW, "NotAction": "a:b"}), "conflictingElements", path="$.Statement")
case("bad-no-resource", "Resource or NotResource is required",
     doc({"Effect": "Allow", "Action": "a:b"}), "missingElement", path="$.Statement")
case("bad-action-shape", "an action is * or prefix:pattern",
     doc({**ALLOW, "Action": ["a:b", "invoke"]}), "invalidValue", path="$.Statement.Action[1]")
case("bad-action-type", "actions are strings", doc({**ALLOW, "Action": 5}), "wrongType", path="$.Statement.Action")
case("bad-empty-action-list", "an empty list is not a value", doc({**ALLOW, "Action": []}), "missingElement", path="$.Statement.Action")
case("bad-principal-in-identity", "identity policies cannot name principals",
     doc({**ALLOW, "Principal": "*"}), "invalidValue", path="$.Statement.Principal")
case("bad-no-principal-in-resource", "resource policies must name principals",
     doc(ALLOW), "missingElement", kind="resource", path="$.Statement")
case("bad-partial-wildcard-principal", "* may only be a whole principal",
     doc({**ALLOW, "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"}}), "invalidValue", kind="resource",
     path="$.Statement.Principal.AWS")
case("bad-principal-key", "principal types are AWS, Service, Federated, CanonicalUser",
     doc({**ALLOW, "Principal": {"aws": "111122223333"}}), "unknownKey", kind="resource", path="$.Statement.Principal.aws")
case("bad-principal-string", "a principal string must be *",
     doc({**ALLOW, "Principal": "111122223333"}), "invalidValue", kind="resource", path="$.Statement.Principal")
case("bad-operator", "unknown operators are load errors, never skipped",
     doc({**ALLOW, "Condition": {"StringEqualz": {"aws:username": "x"}}}), "invalidValue", path="$.Statement.Condition.StringEqualz")
case("bad-null-ifexists", "IfExists cannot qualify Null",
     doc({**ALLOW, "Condition": {"NullIfExists": {"aws:username": "true"}}}), "invalidValue", path="$.Statement.Condition.NullIfExists")
case("bad-null-qualifier", "a set qualifier cannot qualify Null",
     doc({**ALLOW, "Condition": {"ForAnyValue:Null": {"aws:TagKeys": "true"}}}), "invalidValue",
     path="$.Statement.Condition.ForAnyValue:Null")
case("bad-qualifier", "only ForAnyValue and ForAllValues",
     doc({**ALLOW, "Condition": {"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}}), "invalidValue",
     path="$.Statement.Condition.ForSomeValues:StringEquals")
case("bad-condition-object-value", "condition values are scalars",
     doc({**ALLOW, "Condition": {"StringEquals": {"aws:username": {"a": "b"}}}}), "wrongType",
     path="$.Statement.Condition.StringEquals.aws:username")
case("bad-condition-null-value", "null is not a condition value",
     doc({**ALLOW, "Condition": {"StringEquals": {"aws:username": None}}}), "wrongType",
     path="$.Statement.Condition.StringEquals.aws:username")
case("bad-rcp-allow", "customer RCPs contain only Deny",
     doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}), "invalidValue",
     kind="resource control policy", path="$.Statement.Effect")
case("bad-lone-surrogate", "a lone surrogate escape is rejected", '{"Id": "\\ud800", "Statement": []}', "invalidJSON", path="$.Id")
def cond(op, key, value):
    return doc({**ALLOW, "Condition": {op: {key: value}}})
case("ok-typed-values", "every operator family with well-formed values",
     doc({**ALLOW, "Condition": {
         "NumericLessThanEquals": {"aws:MultiFactorAuthAge": ["3600", 60.5, "1e3"]},
         "DateGreaterThan": {"aws:CurrentTime": ["2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.5+02:00", "1767225600"]},
         "BoolIfExists": {"aws:SecureTransport": "TRUE"},
         "BinaryEquals": {"k": "aGVsbG8="},
         "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.1", "2001:DB8::/32", "::1", "::ffff:192.0.2.1"]},
         "ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/admin-*", "${aws:PrincipalArn}"]},
         "Null": {"aws:TokenIssueTime": "false"}}}))
case("bad-number", "Numeric values are numbers", cond("NumericEquals", "k", "ten"), "invalidValue",
     path="$.Statement.Condition.NumericEquals.k")
case("bad-number-two-dots", "Numeric values are numbers", cond("NumericEquals", "k", ["1", "1.2.3"]), "invalidValue",
     path="$.Statement.Condition.NumericEquals.k[1]")
case("bad-date", "Date values are ISO 8601 or epoch seconds", cond("DateLessThan", "aws:CurrentTime", "tomorrow"),
     "invalidValue", path="$.Statement.Condition.DateLessThan.aws:CurrentTime")
case("bad-date-feb-30", "a day that does not exist", cond("DateLessThan", "aws:CurrentTime", "2026-02-30"),
     "invalidValue", path="$.Statement.Condition.DateLessThan.aws:CurrentTime")
case("bad-bool", "Bool values are true or false", cond("Bool", "aws:SecureTransport", "yes"), "invalidValue",
     path="$.Statement.Condition.Bool.aws:SecureTransport")
case("bad-null-value", "Null values are true or false", cond("Null", "aws:TokenIssueTime", "absent"), "invalidValue",
     path="$.Statement.Condition.Null.aws:TokenIssueTime")
case("bad-base64", "BinaryEquals values are base64", cond("BinaryEquals", "k", "not base64!"), "invalidValue",
     path="$.Statement.Condition.BinaryEquals.k")
case("bad-cidr", "addresses and ranges", cond("IpAddress", "aws:SourceIp", "300.0.0.1/8"), "invalidValue",
     path="$.Statement.Condition.IpAddress.aws:SourceIp")
case("bad-cidr-prefix", "a /33 IPv4 range", cond("NotIpAddress", "aws:SourceIp", "10.0.0.0/33"), "invalidValue",
     path="$.Statement.Condition.NotIpAddress.aws:SourceIp")
case("bad-ipv6", "two :: in an IPv6 address", cond("IpAddress", "aws:SourceIp", "2001::db8::1"), "invalidValue",
     path="$.Statement.Condition.IpAddress.aws:SourceIp")
case("bad-arn", "Arn values have six segments", cond("ArnEquals", "aws:SourceArn", "arn:aws:s3"), "invalidValue",
     path="$.Statement.Condition.ArnEquals.aws:SourceArn")
case("bad-deep", "nesting is bounded", "[" * 10000 + "]" * 10000, "tooLarge")

glob = []
def g(pattern, text, match, ci=False, why=""):
    glob.append({"pattern": pattern, "text": text, "caseInsensitive": ci, "match": match, "why": why})
g("*", "", True, why="* matches the empty string")
g("*", "anything/at:all", True, why="* crosses / and :")
g("execute-api:Invoke", "EXECUTE-API:invoke", True, True, "actions are case-insensitive")
g("execute-api:Invoke", "execute-api:invoke", False, False, "ARN-style matching is case-sensitive")
g("s3:Get*", "s3:GetObject", True, True, "prefix wildcard")
g("s3:Get*", "s3:PutObject", False, True, "prefix wildcard, no match")
g("iam:*AccessKey*", "iam:ListAccessKeys", True, True, "middle wildcard")
g("a?c", "abc", True, why="? is one character")
g("a?c", "ac", False, why="? is exactly one character")
g("a?c", "abbc", False, why="? is not a run")
g("a?c", "aሴc", True, why="? is one Unicode character, not one byte")
g("a.c", "abc", False, why=". is literal, not a regex")
g("arn:aws:execute-api:*:*:abc/*/GET/pets", "arn:aws:execute-api:us-east-1:111:abc/prod/GET/pets", True, why="execute-api pattern")
g("arn:aws:execute-api:*:*:abc/*/GET/", "arn:aws:execute-api:us-east-1:111:abc/prod/GET/pets", False, why="…/GET/ matches only the root")
g("arn:aws:execute-api:*:*:abc/*/GET/*", "arn:aws:execute-api:us-east-1:111:abc/prod/GET/", True, why="…/GET/* matches the root too")
g("*a*a*a*a*a*a*a*a*b", "a" * 200, False, why="no exponential backtracking")
g("a*b*c", "axxbyyc", True, why="several stars")
g("a*b*c", "axxbyy", False, why="several stars, no match")

cond_cases = []
def cc(id, why, condition, context, expect):
    cond_cases.append({"id": id, "why": why, "condition": condition, "context": context, "expect": expect})

SAT, NOT, UNEV = "satisfied", "notSatisfied", "unevaluable"
cc("string-equals", "StringEquals is exact", {"StringEquals": {"aws:username": "alice"}}, {"aws:username": "alice"}, SAT)
cc("string-equals-case", "StringEquals is case-sensitive", {"StringEquals": {"aws:username": "alice"}}, {"aws:username": "Alice"}, NOT)
cc("string-equals-ignore-case", "StringEqualsIgnoreCase ignores case", {"StringEqualsIgnoreCase": {"aws:username": "alice"}}, {"aws:username": "ALICE"}, SAT)
cc("key-case-insensitive", "key names are case-insensitive", {"StringEquals": {"AWS:UserName": "alice"}}, {"aws:username": "alice"}, SAT)
cc("values-or", "values of one key OR", {"StringEquals": {"aws:username": ["bob", "alice"]}}, {"aws:username": "alice"}, SAT)
cc("negated-nor", "negated operators combine values as NOR", {"StringNotEquals": {"aws:username": ["bob", "alice"]}}, {"aws:username": "alice"}, NOT)
cc("negated-nor-holds", "…and hold when none matches", {"StringNotEquals": {"aws:username": ["bob", "carol"]}}, {"aws:username": "alice"}, SAT)
cc("keys-and", "keys under one operator AND", {"StringEquals": {"aws:username": "alice", "aws:RequestedRegion": "eu-west-1"}}, {"aws:username": "alice", "aws:RequestedRegion": "us-east-1"}, NOT)
cc("like-glob", "StringLike globs", {"StringLike": {"aws:Referer": "https://*.example.com/*"}}, {"aws:Referer": "https://app.example.com/x"}, SAT)
cc("like-question", "? is one character", {"StringLike": {"k": "a?c"}}, {"k": "abbc"}, NOT)
cc("missing-positive", "a missing key makes non-negated operators false", {"StringEquals": {"aws:username": "alice"}}, {}, NOT)
cc("missing-negated", "a missing key makes negated operators true", {"StringNotEquals": {"aws:username": "alice"}}, {}, SAT)
cc("missing-ipaddress", "absent aws:SourceIp: IpAddress false", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {}, NOT)
cc("missing-notipaddress", "absent aws:SourceIp: NotIpAddress true (a Deny still denies)", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {}, SAT)
cc("ifexists-missing", "IfExists: absent key is true", {"StringEqualsIfExists": {"aws:username": "alice"}}, {}, SAT)
cc("ifexists-present", "IfExists: present key is checked", {"StringEqualsIfExists": {"aws:username": "alice"}}, {"aws:username": "bob"}, NOT)
cc("null-absent", "Null true = key absent", {"Null": {"aws:TokenIssueTime": "true"}}, {}, SAT)
cc("null-present", "Null false = key present", {"Null": {"aws:TokenIssueTime": "false"}}, {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}, SAT)
cc("null-mismatch", "Null true with the key present", {"Null": {"aws:TokenIssueTime": "true"}}, {"aws:TokenIssueTime": "x"}, NOT)
cc("forall-empty", "ForAllValues is true for the empty set", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}, {}, SAT)
cc("forall-empty-list", "an empty list is the empty set", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": []}, SAT)
cc("forany-empty", "ForAnyValue is false for the empty set", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, {}, NOT)
cc("forall-subset", "ForAllValues: every request value listed", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}, {"aws:TagKeys": ["a", "b"]}, SAT)
cc("forall-extra", "ForAllValues: one unlisted value fails", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}, {"aws:TagKeys": ["a", "c"]}, NOT)
cc("forany-one", "ForAnyValue: one listed value suffices", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["b"]}}, {"aws:TagKeys": ["a", "b"]}, SAT)
cc("forall-negated", "ForAllValues:StringNotEquals = no request value is listed", {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["x"]}}, {"aws:TagKeys": ["a", "b"]}, SAT)
cc("forany-negated", "ForAnyValue:StringNotEquals = some request value is not listed", {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": ["a"]}, NOT)
cc("plain-on-multivalued", "a plain operator on a multivalued value is false", {"StringEquals": {"aws:TagKeys": "a"}}, {"aws:TagKeys": ["a"]}, NOT)
cc("plain-negated-on-multivalued", "…negated ones included", {"StringNotEquals": {"aws:TagKeys": "z"}}, {"aws:TagKeys": ["a"]}, NOT)
cc("numeric-not-lexical", "numbers compare numerically (9 < 10)", {"NumericLessThan": {"k": "10"}}, {"k": "9"}, SAT)
cc("numeric-decimal", "60.0 equals 60", {"NumericEquals": {"k": 60}}, {"k": "60.0"}, SAT)
cc("numeric-bad-request", "a request value that is not a number is unevaluable", {"NumericLessThan": {"k": "10"}}, {"k": "ten"}, UNEV)
cc("date-instants", "dates compare as instants across zones", {"DateGreaterThan": {"aws:CurrentTime": "2026-01-15T10:00:00+02:00"}}, {"aws:CurrentTime": "2026-01-15T08:30:00Z"}, SAT)
cc("date-only", "a date only is midnight UTC", {"DateLessThan": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "2026-01-14T23:59:59Z"}, SAT)
cc("date-epoch", "epoch seconds are dates too", {"DateEquals": {"aws:EpochTime": "2026-01-15"}}, {"aws:EpochTime": "1768435200"}, SAT)
cc("date-bad-request", "an unparsable request date is unevaluable", {"DateLessThan": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "yesterday"}, UNEV)
cc("bool-any-case", "Bool values in any case", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "TRUE"}, SAT)
cc("bool-false", "Bool false", {"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": "false"}, NOT)
cc("ip-v4", "IPv4 in range", {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws:SourceIp": "203.0.113.9"}, SAT)
cc("ip-v6", "IPv6 in range, any hex case", {"IpAddress": {"aws:SourceIp": "2001:DB8::/32"}}, {"aws:SourceIp": "2001:db8:1::9"}, SAT)
cc("ip-family", "no cross-family match", {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, {"aws:SourceIp": "::1"}, NOT)
cc("ip-not", "NotIpAddress outside the range", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "192.0.2.1"}, SAT)
cc("ip-bad-request", "an unparsable address is unevaluable", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "localhost"}, UNEV)
cc("arn-like-segments", "ArnLike globs per segment", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-ops"}, SAT)
cc("arn-star-no-colon", "in ArnLike each segment globs alone, so * never absorbs a : (StringLike would match)", {"ArnLike": {"aws:SourceArn": "arn:aws:*:*:*:x"}}, {"aws:SourceArn": "arn:aws:s3:::a:b:x"}, NOT)
cc("stringlike-crosses", "…while StringLike's * crosses :", {"StringLike": {"aws:SourceArn": "arn:aws:*:*:*:x"}}, {"aws:SourceArn": "arn:aws:s3:::a:b:x"}, SAT)
cc("arn-not-like-invalid", "ArnNotLike on a non-ARN request value is unevaluable, never quietly false", {"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, {"aws:SourceArn": "not-an-arn"}, UNEV)
cc("binary", "BinaryEquals compares decoded bytes", {"BinaryEquals": {"k": "aGVsbG8="}}, {"k": "aGVsbG8="}, SAT)
cc("var-resolved", "a variable takes the context value", {"StringEquals": {"k": "${aws:username}"}}, {"k": "alice", "aws:username": "alice"}, SAT)
cc("var-key-case", "variable key names are case-insensitive", {"StringEquals": {"k": "${AWS:UserName}"}}, {"k": "alice", "aws:username": "alice"}, SAT)
cc("var-unresolved", "an unresolved variable matches nothing", {"StringEquals": {"k": "${aws:username}"}}, {"k": "${aws:username}"}, NOT)
cc("var-unresolved-negated", "for a negated operator an unresolved variable lets the not hold", {"StringNotEquals": {"k": "${aws:username}"}}, {"k": "x"}, SAT)
cc("var-default", "the default is used when the key is absent", {"StringEquals": {"k": "${aws:PrincipalTag/team, 'company-wide'}"}}, {"k": "company-wide"}, SAT)
cc("var-default-unused", "…and not when it is present", {"StringEquals": {"k": "${aws:PrincipalTag/team, 'company-wide'}"}}, {"k": "company-wide", "aws:PrincipalTag/team": "red"}, NOT)
cc("var-multivalued", "a multivalued key counts as unresolved", {"StringEquals": {"k": "${aws:TagKeys}"}}, {"k": "a", "aws:TagKeys": ["a"]}, NOT)
cc("var-substituted-star-literal", "a * in a substituted value is literal, not a wildcard", {"StringLike": {"k": "${aws:username}"}}, {"k": "anything", "aws:username": "*"}, NOT)
cc("var-substituted-star-exact", "…it matches a literal *", {"StringLike": {"k": "${aws:username}"}}, {"k": "*", "aws:username": "*"}, SAT)
cc("var-escape-star", "${*} is a literal *", {"StringLike": {"k": "a${*}"}}, {"k": "a*"}, SAT)
cc("var-escape-not-wildcard", "…never a wildcard", {"StringLike": {"k": "a${*}"}}, {"k": "ab"}, NOT)
cc("var-like-prefix", "variables combine with wildcards", {"StringLike": {"k": "home/${aws:username}/*"}}, {"k": "home/alice/notes", "aws:username": "alice"}, SAT)
cc("var-arn", "variables in Arn operators", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}}, {"aws:PrincipalArn": "arn:aws:iam::1:user/alice", "aws:username": "alice"}, SAT)
cc("var-numeric-literal", "variables are not substituted in Numeric operators: the value must be a number", {"NumericEquals": {"k": "5"}}, {"k": "5"}, SAT)

eval_cases = []
def ev(id, why, policies, action, resource, expect, context=None, matched=None, caller=None,
       resourceAccount=None, federatingUser=None):
    c = {"id": id, "why": why, "policies": policies,
         "request": {"action": action, "resource": resource, "context": context or {}}, "expect": expect}
    if matched is not None: c["matched"] = matched
    if caller is not None: c["caller"] = caller
    if federatingUser is not None: c["federatingUser"] = federatingUser
    if resourceAccount is not None: c["resourceAccount"] = resourceAccount
    eval_cases.append(c)

def pol(*statements, version="2012-10-17"):
    d = {"Statement": list(statements)}
    if version: d["Version"] = version
    return d
def allow(action="execute-api:Invoke", resource="*", sid=None, **extra):
    st = {"Effect": "Allow", "Action": action, "Resource": resource, **extra}
    if sid: st["Sid"] = sid
    return st
def deny(action="execute-api:Invoke", resource="*", sid=None, **extra):
    st = {"Effect": "Deny", "Action": action, "Resource": resource, **extra}
    if sid: st["Sid"] = sid
    return st

INV = "execute-api:Invoke"
R = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"
ev("allow", "an applicable Allow allows", {"identity": [pol(allow(sid="A"))]}, INV, R, "Allow", matched=["identity:0:A"])
ev("implicit", "no applicable Allow is an implicit deny", {"identity": [pol(allow(action="s3:GetObject"))]}, INV, R, "ImplicitDeny")
ev("no-policies", "no identity policies: implicit deny", {"identity": []}, INV, R, "ImplicitDeny")
ev("explicit-wins", "an applicable Deny wins over any Allow", {"identity": [pol(allow(), deny(sid="D"))]}, INV, R, "ExplicitDeny", matched=["identity:0:D"])
ev("explicit-other-policy", "a Deny in another policy still wins", {"identity": [pol(allow()), pol(deny())]}, INV, R, "ExplicitDeny")
ev("false-condition-allow-is-implicit", "an Allow whose condition is false is not a deny",
   {"identity": [pol(allow(Condition={"StringEquals": {"aws:username": "bob"}}))]}, INV, R, "ImplicitDeny", context={"aws:username": "alice"})
ev("false-condition-deny-does-not-apply", "a Deny whose condition is false does not apply",
   {"identity": [pol(allow(), deny(Condition={"Bool": {"aws:SecureTransport": "false"}}))]}, INV, R, "Allow", context={"aws:SecureTransport": "true"})
ev("action-case", "actions match case-insensitively", {"identity": [pol(allow(action="EXECUTE-API:invoke"))]}, INV, R, "Allow")
ev("resource-case", "resources match case-sensitively", {"identity": [pol(allow(resource=R.upper()))]}, INV, R, "ImplicitDeny")
ev("stage-wildcard", "execute-api ARNs with wildcards in stage, method and path",
   {"identity": [pol(allow(resource="arn:aws:execute-api:*:111122223333:abc123/*/GET/*"))]}, INV, R, "Allow")
ev("method-mismatch", "a POST-only grant does not cover GET",
   {"identity": [pol(allow(resource="arn:aws:execute-api:*:*:abc123/*/POST/*"))]}, INV, R, "ImplicitDeny")
ev("root-only", "…/GET/ matches only the root", {"identity": [pol(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/"))]}, INV, R, "ImplicitDeny")
ev("notaction-allow", "Allow+NotAction grants every other action",
   {"identity": [pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})]}, INV, R, "Allow")
ev("notaction-allow-excluded", "…but not the excluded ones",
   {"identity": [pol({"Effect": "Allow", "NotAction": "execute-api:*", "Resource": "*"})]}, INV, R, "ImplicitDeny")
ev("notaction-deny", "Deny+NotAction denies everything else",
   {"identity": [pol(allow(), {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"})]}, INV, R, "ExplicitDeny")
ev("notresource-deny", "Deny+NotResource denies every other resource",
   {"identity": [pol(allow(), {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:execute-api:*:*:other/*"})]}, INV, R, "ExplicitDeny")
ev("boundary-limits", "a boundary must allow too", {"identity": [pol(allow())], "boundary": [pol(allow(action="s3:*"))]}, INV, R, "ImplicitDeny")
ev("boundary-allows", "identity ∩ boundary", {"identity": [pol(allow())], "boundary": [pol(allow(action="execute-api:*"))]}, INV, R, "Allow")
ev("boundary-never-grants", "a boundary never grants by itself", {"identity": [], "boundary": [pol(allow())]}, INV, R, "ImplicitDeny")
ev("session-limits", "a session policy must allow too", {"identity": [pol(allow())], "session": [pol(allow(action="s3:*"))]}, INV, R, "ImplicitDeny")
ev("scp-needs-allow", "SCPs in force need an applicable Allow", {"identity": [pol(allow())], "scp": [pol(allow(action="s3:*"))]}, INV, R, "ImplicitDeny")
ev("scp-allows", "an SCP Allow lets identity decide", {"identity": [pol(allow())], "scp": [pol(allow(action="*"))]}, INV, R, "Allow")
ev("scp-deny", "an SCP Deny is an explicit deny", {"identity": [pol(allow())], "scp": [pol(allow(action="*"), deny())]}, INV, R, "ExplicitDeny")
ev("rcp-deny", "an RCP Deny is an explicit deny", {"identity": [pol(allow())], "rcp": [pol({**deny(), "Principal": "*"})]}, INV, R, "ExplicitDeny")
ev("rcp-silent", "RCPs need no Allow", {"identity": [pol(allow())], "rcp": [pol({**deny(action="s3:*"), "Principal": "*"})]}, INV, R, "Allow")
ev("unevaluable-allow", "an Allow that cannot be evaluated never grants",
   {"identity": [pol(allow(Condition={"NumericLessThan": {"k": "5"}}))]}, INV, R, "ImplicitDeny", context={"k": "five"})
ev("unevaluable-deny", "a Deny that cannot be evaluated still denies",
   {"identity": [pol(allow(), deny(Condition={"NumericLessThan": {"k": "5"}}))]}, INV, R, "ExplicitDeny", context={"k": "five"})
ev("variables-resource", "Resource variables are substituted after the fifth colon",
   {"identity": [pol(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${aws:username}"))]}, INV,
   "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/alice", "Allow", context={"aws:username": "alice"})
ev("variables-resource-unresolved", "an unresolved Resource variable matches nothing",
   {"identity": [pol(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${aws:username}"))]}, INV,
   "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/alice", "ImplicitDeny")
ev("variables-resource-head-literal", "before the fifth colon ${…} is literal text",
   {"identity": [pol(allow(resource="arn:aws:execute-api:${aws:RequestedRegion}:*:abc123/*"))]}, INV, R, "ImplicitDeny",
   context={"aws:RequestedRegion": "us-east-1"})
ev("variables-2008-literal", "without Version 2012-10-17, ${…} is literal text",
   {"identity": [pol(allow(Condition={"StringEquals": {"k": "${aws:username}"}}), version=None)]}, INV, R, "Allow", context={"k": "${aws:username}"})
ev("missing-key-negated-deny", "a Deny with a negated operator still denies when the key is missing",
   {"identity": [pol(allow(), deny(Condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))]}, INV, R, "ExplicitDeny")

ACCT = "111122223333"
OTHER = "444455556666"
USER = f"arn:aws:iam::{ACCT}:user/alice"
ROLE = f"arn:aws:iam::{ACCT}:role/team/deployer"
SESSION = f"arn:aws:sts::{ACCT}:assumed-role/deployer/build-42"
FED = f"arn:aws:sts::{ACCT}:federated-user/bob"
OUT_USER = f"arn:aws:iam::{OTHER}:user/eve"
def rp(*principals_and_effects):
    return pol(*[{"Effect": eff, "Principal": prin, "Action": INV, "Resource": "*"} for prin, eff in principals_and_effects])
def grant(principal):
    return rp((principal, "Allow"))

ev("rp-user-alone", "same account: a resource policy naming the IAM user grants without identity policies",
   {"identity": [], "resource": [grant({"AWS": USER})]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("rp-user-ignores-boundary", "…and a silent boundary does not limit it",
   {"identity": [], "boundary": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": USER})]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("rp-role-boundary-limits", "a grant to the role ARN is limited by the session's boundary",
   {"identity": [], "boundary": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": ROLE})]}, INV, R, "ImplicitDeny", caller=SESSION, resourceAccount=ACCT)
ev("rp-role-session-policy-limits", "…and by its session policy",
   {"identity": [], "session": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": ROLE})]}, INV, R, "ImplicitDeny", caller=SESSION, resourceAccount=ACCT)
ev("rp-role-grants", "a grant to the role ARN covers its sessions (path ignored)",
   {"identity": [], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:role/deployer"})]}, INV, R, "Allow", caller=SESSION, resourceAccount=ACCT)
ev("rp-session-exact-ignores-boundary", "a grant to the exact session ARN is not limited by boundary or session policy",
   {"identity": [], "boundary": [pol(allow(action="s3:*"))], "session": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": SESSION})]},
   INV, R, "Allow", caller=SESSION, resourceAccount=ACCT)
ev("rp-federated-exact", "a grant to the federated-user session ARN stands alone",
   {"identity": [], "resource": [grant({"AWS": FED})]}, INV, R, "Allow", caller=FED, resourceAccount=ACCT)
ev("rp-federating-user-session-limits", "a grant to the IAM user behind a federated session is limited by the session policy",
   {"identity": [], "session": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": USER})]}, INV, R, "ImplicitDeny",
   caller=FED, federatingUser=USER, resourceAccount=ACCT)
ev("rp-anyone", "a grant to * stands alone for a named caller",
   {"identity": [], "boundary": [pol(allow(action="s3:*"))], "resource": [grant("*")]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("rp-account-delegates", "same account: a grant to the account delegates to identity policies",
   {"identity": [], "resource": [grant({"AWS": ACCT})]}, INV, R, "ImplicitDeny", caller=USER, resourceAccount=ACCT)
ev("rp-account-root-delegates-allowed", "…which then allow",
   {"identity": [pol(allow())], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:root"})]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("rp-identity-alone-same-account", "same account: identity alone suffices when the resource policy is silent",
   {"identity": [pol(allow())], "resource": [grant({"AWS": OUT_USER})]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("rp-deny-wins", "a resource-policy Deny naming the caller wins",
   {"identity": [pol(allow())], "resource": [rp(("*", "Allow"), ({"AWS": USER}, "Deny"))]}, INV, R, "ExplicitDeny", caller=USER, resourceAccount=ACCT)
ev("rp-deny-other-principal", "a Deny naming someone else does not apply",
   {"identity": [pol(allow())], "resource": [rp(({"AWS": OUT_USER}, "Deny"))]}, INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("cross-both", "cross-account: resource grant and the caller's identity must both allow",
   {"identity": [pol(allow())], "resource": [grant({"AWS": OTHER})]}, INV, R, "Allow", caller=OUT_USER, resourceAccount=ACCT)
ev("cross-no-identity", "cross-account: the resource grant alone is not enough",
   {"identity": [], "resource": [grant({"AWS": OUT_USER})]}, INV, R, "ImplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
ev("cross-silent-resource", "cross-account: identity alone is not enough",
   {"identity": [pol(allow())], "resource": [grant({"AWS": ACCT})]}, INV, R, "ImplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
ev("cross-no-resource-policy", "cross-account with no resource policy: implicit deny",
   {"identity": [pol(allow())]}, INV, R, "ImplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
ev("anonymous-star", "an anonymous caller is admitted only by a grant to *",
   {"identity": [], "resource": [grant("*")]}, INV, R, "Allow", caller="anonymous", resourceAccount=ACCT)
ev("anonymous-account", "…not by a grant to an account",
   {"identity": [], "resource": [grant({"AWS": ACCT})]}, INV, R, "ImplicitDeny", caller="anonymous", resourceAccount=ACCT)
ev("notprincipal-deny", "Deny+NotPrincipal denies everyone not listed",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": OUT_USER}, "Action": INV, "Resource": "*"})]},
   INV, R, "ExplicitDeny", caller=USER, resourceAccount=ACCT)
ev("notprincipal-exempt", "…and exempts the exact identity listed",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": USER}, "Action": INV, "Resource": "*"})]},
   INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("notprincipal-role-does-not-exempt-session", "a role ARN in NotPrincipal never exempts its sessions",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": ROLE}, "Action": INV, "Resource": "*"})]},
   INV, R, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)

(HERE / "evaluation-cases.json").write_text(json.dumps(eval_cases, indent=1, ensure_ascii=False) + "\n")
(HERE / "condition-cases.json").write_text(json.dumps(cond_cases, indent=1, ensure_ascii=False) + "\n")
(HERE / "load-cases.json").write_text(json.dumps(load, indent=1, ensure_ascii=False) + "\n")
(HERE / "glob-cases.json").write_text(json.dumps(glob, indent=1, ensure_ascii=False) + "\n")
print(len(load), "load cases,", len(glob), "glob cases,", len(cond_cases), "condition cases,", len(eval_cases), "evaluation cases")

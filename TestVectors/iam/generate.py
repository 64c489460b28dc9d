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

# --- String operators: exact, case-insensitive, glob (reference/iam.md §4.2) ---
cc("string-not-equals-differs", "StringNotEquals holds when the request value differs", {"StringNotEquals": {"aws:username": "alice"}}, {"aws:username": "bob"}, SAT)
cc("string-not-equals-same", "StringNotEquals fails when the request value is listed", {"StringNotEquals": {"aws:username": "alice"}}, {"aws:username": "alice"}, NOT)
cc("string-not-equals-case-variant", "StringNotEquals is case-sensitive, so a case variant is not equal", {"StringNotEquals": {"aws:username": "alice"}}, {"aws:username": "Alice"}, SAT)
cc("string-equals-ignore-case-differs", "StringEqualsIgnoreCase still needs the same letters", {"StringEqualsIgnoreCase": {"aws:username": "alice"}}, {"aws:username": "ALICIA"}, NOT)
cc("string-not-equals-ignore-case-variant", "StringNotEqualsIgnoreCase: a case variant counts as equal", {"StringNotEqualsIgnoreCase": {"aws:username": "alice"}}, {"aws:username": "ALICE"}, NOT)
cc("string-not-equals-ignore-case-differs", "StringNotEqualsIgnoreCase holds for another value", {"StringNotEqualsIgnoreCase": {"aws:username": "alice"}}, {"aws:username": "bob"}, SAT)
cc("string-equals-star-literal-nomatch", "StringEquals has no wildcards: * is literal", {"StringEquals": {"k": "prod-*"}}, {"k": "prod-1"}, NOT)
cc("string-equals-star-literal-match", "…so it matches a literal *", {"StringEquals": {"k": "prod-*"}}, {"k": "prod-*"}, SAT)
cc("string-like-star-empty-match", "StringLike: * matches an empty run", {"StringLike": {"k": "prod-*"}}, {"k": "prod-"}, SAT)
cc("string-like-star-slash-match", "StringLike: * crosses /", {"StringLike": {"k": "home/*"}}, {"k": "home/a/b"}, SAT)
cc("string-like-question-one-match", "StringLike: ? matches exactly one character", {"StringLike": {"k": "a?c"}}, {"k": "abc"}, SAT)
cc("string-like-question-zero-nomatch", "StringLike: ? never matches zero characters", {"StringLike": {"k": "a?c"}}, {"k": "ac"}, NOT)
cc("string-like-case-nomatch", "StringLike is case-sensitive", {"StringLike": {"k": "Prod*"}}, {"k": "prod-1"}, NOT)
cc("string-like-dot-literal-nomatch", "StringLike: . is a literal character, not a regex", {"StringLike": {"k": "a.c"}}, {"k": "abc"}, NOT)
cc("string-like-values-or-match", "StringLike: patterns of one key OR", {"StringLike": {"k": ["dev-*", "prod-*"]}}, {"k": "prod-7"}, SAT)
cc("string-not-like-none-match", "StringNotLike holds when no pattern matches", {"StringNotLike": {"k": ["prod-*", "stage-*"]}}, {"k": "dev-1"}, SAT)
cc("string-not-like-nor-nomatch", "StringNotLike combines patterns as NOR", {"StringNotLike": {"k": ["prod-*", "stage-*"]}}, {"k": "stage-2"}, NOT)
cc("string-like-missing-nomatch", "a missing key makes StringLike false", {"StringLike": {"k": "*"}}, {}, NOT)
cc("string-not-like-missing-match", "a missing key makes StringNotLike true", {"StringNotLike": {"k": "prod-*"}}, {}, SAT)
cc("string-not-equals-ignore-case-missing-match", "a missing key makes StringNotEqualsIgnoreCase true", {"StringNotEqualsIgnoreCase": {"k": "x"}}, {}, SAT)

# --- Numeric operators: numeric compares, decimals, exponents (§4.2) ---
cc("numeric-not-equals-decimal-nomatch", "NumericNotEquals: 5 and 5.0 are the same number", {"NumericNotEquals": {"k": "5"}}, {"k": "5.0"}, NOT)
cc("numeric-not-equals-differs-match", "NumericNotEquals holds for another number", {"NumericNotEquals": {"k": "5"}}, {"k": "6"}, SAT)
cc("numeric-lte-equal-match", "NumericLessThanEquals includes equality", {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}}, {"aws:MultiFactorAuthAge": "3600"}, SAT)
cc("numeric-lt-equal-nomatch", "NumericLessThan excludes equality", {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, {"aws:MultiFactorAuthAge": "3600"}, NOT)
cc("numeric-gt-decimal-match", "NumericGreaterThan compares decimals as numbers (10.5 > 9.75, lexically smaller)", {"NumericGreaterThan": {"k": "9.75"}}, {"k": "10.5"}, SAT)
cc("numeric-gt-not-lexical-match", "NumericGreaterThan: 10 > 9 although '10' < '9' as text", {"NumericGreaterThan": {"k": "9"}}, {"k": "10"}, SAT)
cc("numeric-gte-below-nomatch", "NumericGreaterThanEquals below the bound", {"NumericGreaterThanEquals": {"k": "10"}}, {"k": "9.99"}, NOT)
cc("numeric-gte-equal-match", "NumericGreaterThanEquals includes equality (10 = 10.0)", {"NumericGreaterThanEquals": {"k": 10}}, {"k": "10.0"}, SAT)
cc("numeric-negative-match", "negative numbers compare numerically", {"NumericLessThan": {"k": "0"}}, {"k": "-1"}, SAT)
cc("numeric-exponent-match", "a policy value with an exponent: 1e3 = 1000", {"NumericEquals": {"k": "1e3"}}, {"k": "1000"}, SAT)
cc("numeric-exponent-decimal-nomatch", "a policy value 2.5e1 is 25, so 30 is not less", {"NumericLessThan": {"k": "2.5e1"}}, {"k": "30"}, NOT)
cc("numeric-values-or-match", "Numeric values of one key OR", {"NumericEquals": {"k": ["1", "2"]}}, {"k": "2"}, SAT)
cc("numeric-not-equals-nor-nomatch", "NumericNotEquals combines values as NOR", {"NumericNotEquals": {"k": ["1", "2"]}}, {"k": "2"}, NOT)
cc("numeric-missing-nomatch", "a missing key makes NumericLessThan false", {"NumericLessThan": {"k": "10"}}, {}, NOT)
cc("numeric-not-equals-missing-match", "a missing key makes NumericNotEquals true", {"NumericNotEquals": {"k": "10"}}, {}, SAT)
cc("numeric-epochtime-match", "aws:EpochTime compares as a number", {"NumericGreaterThan": {"aws:EpochTime": "1767225600"}}, {"aws:EpochTime": "1768435200"}, SAT)
cc("numeric-ifexists-absent-match", "NumericLessThanIfExists: absent key is true", {"NumericLessThanIfExists": {"k": "10"}}, {}, SAT)
cc("numeric-ifexists-present-nomatch", "NumericLessThanIfExists: a present key is checked", {"NumericLessThanIfExists": {"k": "10"}}, {"k": "11"}, NOT)
cc("numeric-ifexists-bad-request-unevaluable", "IfExists with the key present: an unparsable number is unevaluable", {"NumericLessThanIfExists": {"k": "10"}}, {"k": "ten"}, UNEV)

# --- Date operators: ISO 8601, date only, epoch seconds, time zones (§4.2) ---
cc("date-only-midnight-match", "a date only is midnight UTC", {"DateEquals": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "2026-01-15T00:00:00Z"}, SAT)
cc("date-only-not-whole-day-nomatch", "a date only is an instant, not the whole day", {"DateEquals": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "2026-01-15T12:00:00Z"}, NOT)
cc("date-no-zone-utc-match", "a time without a zone is UTC", {"DateEquals": {"aws:CurrentTime": "2026-01-15T10:00:00"}}, {"aws:CurrentTime": "2026-01-15T10:00:00Z"}, SAT)
cc("date-negative-offset-match", "a -05:00 offset is applied", {"DateEquals": {"aws:CurrentTime": "2026-01-15T05:00:00-05:00"}}, {"aws:CurrentTime": "2026-01-15T10:00:00Z"}, SAT)
cc("date-fraction-match", "fractional seconds count (08:00:00Z < 08:00:00.5Z)", {"DateLessThan": {"aws:CurrentTime": "2026-01-01T10:00:00.5+02:00"}}, {"aws:CurrentTime": "2026-01-01T08:00:00Z"}, SAT)
cc("date-epoch-policy-match", "a policy date in epoch seconds (1767225600 = 2026-01-01T00:00:00Z)", {"DateGreaterThan": {"aws:CurrentTime": "1767225600"}}, {"aws:CurrentTime": "2026-01-01T00:00:01Z"}, SAT)
cc("date-epoch-policy-nomatch", "…and a time before it", {"DateGreaterThan": {"aws:CurrentTime": "1767225600"}}, {"aws:CurrentTime": "2025-12-31T23:59:59Z"}, NOT)
cc("date-not-equals-differs-match", "DateNotEquals holds for another instant", {"DateNotEquals": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "2026-01-15T00:00:01Z"}, SAT)
cc("date-not-equals-same-instant-nomatch", "DateNotEquals: the same instant written in another zone is equal", {"DateNotEquals": {"aws:CurrentTime": "2026-01-15T10:00:00+02:00"}}, {"aws:CurrentTime": "2026-01-15T08:00:00Z"}, NOT)
cc("date-lte-equal-match", "DateLessThanEquals includes equality", {"DateLessThanEquals": {"aws:CurrentTime": "2026-01-15T10:00:00Z"}}, {"aws:CurrentTime": "2026-01-15T10:00:00Z"}, SAT)
cc("date-gt-equal-nomatch", "DateGreaterThan excludes equality", {"DateGreaterThan": {"aws:CurrentTime": "2026-01-15T10:00:00Z"}}, {"aws:CurrentTime": "2026-01-15T10:00:00Z"}, NOT)
cc("date-gte-after-match", "DateGreaterThanEquals after the bound", {"DateGreaterThanEquals": {"aws:CurrentTime": "2026-01-15"}}, {"aws:CurrentTime": "2026-02-01T00:00:00Z"}, SAT)
cc("date-epoch-request-nomatch", "a request date in epoch seconds before the bound", {"DateGreaterThan": {"aws:EpochTime": "2026-01-15"}}, {"aws:EpochTime": "1767225600"}, NOT)
cc("date-missing-nomatch", "a missing key makes DateLessThan false", {"DateLessThan": {"aws:TokenIssueTime": "2026-01-15"}}, {}, NOT)
cc("date-not-equals-missing-match", "a missing key makes DateNotEquals true", {"DateNotEquals": {"aws:TokenIssueTime": "2026-01-15"}}, {}, SAT)
cc("date-ifexists-absent-match", "DateGreaterThanIfExists: absent key is true", {"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2026-01-15"}}, {}, SAT)
cc("date-ifexists-present-nomatch", "DateGreaterThanIfExists: a present key is checked", {"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2026-01-15"}}, {"aws:TokenIssueTime": "2026-01-14T00:00:00Z"}, NOT)

# --- Bool and BinaryEquals (§4.2, §4.5) ---
cc("bool-json-false-match", "an unquoted JSON false", {"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": "false"}, SAT)
cc("bool-policy-upper-match", "Bool policy values in any case", {"Bool": {"aws:SecureTransport": "FALSE"}}, {"aws:SecureTransport": "false"}, SAT)
cc("bool-bad-request-unevaluable", "a request value other than true/false is unevaluable", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "yes"}, UNEV)
cc("bool-mixed-case-request", "request booleans compare in any case", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "TrUe"}, "satisfied")
cc("bool-mixed-case-false", "FaLsE is false", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "FaLsE"}, "notSatisfied")
cc("bool-prefix-unevaluable", "a prefix of a boolean is not one", {"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": "fals"}, UNEV)
cc("bool-longer-unevaluable", "a boolean with trailing text is not one", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "truex"}, UNEV)
cc("bool-padded-unevaluable", "a padded boolean is not one", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": " true"}, UNEV)
cc("bool-nul-suffix-unevaluable", "a boolean followed by a NUL byte is not one", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true\u0000"}, UNEV)
cc("bool-false-nul-unevaluable", "nor is `fals` with a NUL", {"Bool": {"aws:SecureTransport": "false"}}, {"aws:SecureTransport": "fals\u0000"}, UNEV)
# Text compares as written (AWS compares exactly; Swift's == would equate canonically equivalent text).
cc("stringequals-nfc-vs-nfd", "StringEquals compares the bytes: a composed and a decomposed é differ", {"StringEquals": {"aws:PrincipalTag/city": "caf\u00e9"}}, {"aws:PrincipalTag/city": "cafe\u0301"}, "notSatisfied")
cc("stringnotequals-nfc-vs-nfd", "so StringNotEquals holds for them", {"StringNotEquals": {"aws:PrincipalTag/city": "caf\u00e9"}}, {"aws:PrincipalTag/city": "cafe\u0301"}, "satisfied")
cc("stringequals-same-nfd", "the same decomposed text is equal", {"StringEquals": {"aws:PrincipalTag/city": "cafe\u0301"}}, {"aws:PrincipalTag/city": "cafe\u0301"}, "satisfied")
cc("stringequalsignorecase-nfc-vs-nfd", "StringEqualsIgnoreCase folds case, not canonical equivalence", {"StringEqualsIgnoreCase": {"aws:PrincipalTag/city": "CAF\u00c9"}}, {"aws:PrincipalTag/city": "cafe\u0301"}, "notSatisfied")
cc("stringequalsignorecase-non-ascii-case", "non-ASCII letters still fold", {"StringEqualsIgnoreCase": {"aws:PrincipalTag/city": "CAF\u00c9"}}, {"aws:PrincipalTag/city": "caf\u00e9"}, "satisfied")
cc("bool-non-ascii-unevaluable", "non-ASCII look-alikes are not booleans", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "tru\u00e9"}, UNEV)
cc("bool-missing-nomatch", "a missing key makes Bool false", {"Bool": {"aws:MultiFactorAuthPresent": "true"}}, {}, NOT)
cc("bool-ifexists-absent-match", "BoolIfExists: absent key is true", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, {}, SAT)
cc("bool-ifexists-present-nomatch", "BoolIfExists: a present key is checked", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, {"aws:MultiFactorAuthPresent": "false"}, NOT)
cc("binary-different-nomatch", "BinaryEquals: different bytes", {"BinaryEquals": {"k": "aGVsbG8="}}, {"k": "d29ybGQ="}, NOT)
cc("binary-bad-request-unevaluable", "a request value that is not base64 is unevaluable", {"BinaryEquals": {"k": "aGVsbG8="}}, {"k": "not base64!"}, UNEV)
cc("binary-missing-nomatch", "a missing key makes BinaryEquals false", {"BinaryEquals": {"k": "aGVsbG8="}}, {}, NOT)
cc("binary-ifexists-absent-match", "BinaryEqualsIfExists: absent key is true", {"BinaryEqualsIfExists": {"k": "aGVsbG8="}}, {}, SAT)

# --- IpAddress / NotIpAddress: IPv4, IPv6, no cross-family match (§4.2, §7) ---
cc("ip-no-prefix-host-match", "an address without prefix is a /32", {"IpAddress": {"aws:SourceIp": "10.0.0.1"}}, {"aws:SourceIp": "10.0.0.1"}, SAT)
cc("ip-no-prefix-host-nomatch", "…and only that address", {"IpAddress": {"aws:SourceIp": "10.0.0.1"}}, {"aws:SourceIp": "10.0.0.2"}, NOT)
cc("ip-v4-edge-match", "the last address of a range is inside", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.255.255.255"}, SAT)
cc("ip-v4-outside-nomatch", "an address just outside the range", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "11.0.0.0"}, NOT)
cc("ip-v6-outside-nomatch", "an IPv6 address outside the range", {"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws:SourceIp": "2001:db9::1"}, NOT)
cc("ip-v6-host-match", "an IPv6 address without prefix is a /128", {"IpAddress": {"aws:SourceIp": "::1"}}, {"aws:SourceIp": "::1"}, SAT)
cc("ip-v6-expanded-upper-match", "a fully written upper-case IPv6 request address", {"IpAddress": {"aws:SourceIp": "2001:db8::/64"}}, {"aws:SourceIp": "2001:0DB8:0000:0000:0000:0000:0000:0001"}, SAT)
cc("ip-v4-in-v6-range-nomatch", "an IPv4 address never matches an IPv6 range", {"IpAddress": {"aws:SourceIp": "::/0"}}, {"aws:SourceIp": "192.0.2.1"}, NOT)
cc("ip-values-or-match", "ranges of one key OR", {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}, {"aws:SourceIp": "192.0.2.7"}, SAT)
cc("not-ip-inside-nomatch", "NotIpAddress fails inside the range", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.1.2.3"}, NOT)
cc("not-ip-nor-nomatch", "NotIpAddress combines ranges as NOR", {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}, {"aws:SourceIp": "192.0.2.7"}, NOT)
cc("not-ip-cross-family-match", "NotIpAddress: an IPv6 address is in no IPv4 range", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "2001:db8::1"}, SAT)
cc("ip-ifexists-absent-match", "IpAddressIfExists: absent key is true", {"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}, {}, SAT)
cc("not-ip-ifexists-present-nomatch", "NotIpAddressIfExists: a present key inside the range", {"NotIpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.0.0.9"}, NOT)
cc("not-ip-bad-request-unevaluable", "NotIpAddress on an unparsable address is unevaluable", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.0.0.300"}, UNEV)

# --- Arn operators: six segments, glob per segment, * never crosses : (§4.2) ---
cc("arn-equals-wildcard-match", "ArnEquals is ArnLike: wildcards apply", {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-ops"}, SAT)
cc("arn-like-case-nomatch", "Arn segments compare case-sensitively", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/Alice"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}, NOT)
cc("arn-like-question-match", "? matches one character inside a segment", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::11112222333?:user/alice"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}, SAT)
cc("arn-like-resource-slash-match", "* crosses / inside the resource segment", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/team/deployer"}, SAT)
cc("arn-like-empty-account-match", "* matches an empty account segment", {"ArnLike": {"aws:SourceArn": "arn:aws:apigateway:*:*:/restapis/*"}}, {"aws:SourceArn": "arn:aws:apigateway:us-east-1::/restapis/abc123"}, SAT)
cc("arn-like-region-mismatch-nomatch", "a literal region segment must equal the request's", {"ArnLike": {"aws:SourceArn": "arn:aws:execute-api:us-east-1:*:*"}}, {"aws:SourceArn": "arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/pets"}, NOT)
cc("arn-like-colon-nomatch", "ArnLike: a * segment cannot absorb the next :", {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/x"}}, {"aws:SourceArn": "arn:aws:iam::us-east-1:111122223333:role/x"}, NOT)
cc("string-like-colon-match", "…where StringLike's * crosses : and matches", {"StringLike": {"aws:SourceArn": "arn:aws:iam::*:role/x"}}, {"aws:SourceArn": "arn:aws:iam::us-east-1:111122223333:role/x"}, SAT)
cc("arn-not-equals-match-nomatch", "ArnNotEquals fails when the ARN matches", {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-ops"}, NOT)
cc("arn-not-like-differs-match", "ArnNotLike holds when the ARN does not match", {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/dev"}, SAT)
cc("arn-like-missing-nomatch", "a missing key makes ArnLike false", {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, {}, NOT)
cc("arn-not-like-missing-match", "a missing key makes ArnNotLike true", {"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, {}, SAT)
cc("arn-equals-invalid-unevaluable", "ArnEquals on a request value with fewer than six segments is unevaluable", {"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::*"}}, {"aws:SourceArn": "arn:aws:s3"}, UNEV)
cc("arn-not-equals-invalid-unevaluable", "ArnNotEquals on an invalid ARN is unevaluable, never quietly true or false", {"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::*"}}, {"aws:SourceArn": "arn:aws:s3:bucket"}, UNEV)
cc("arn-like-ifexists-absent-match", "ArnLikeIfExists: absent key is true", {"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::*"}}, {}, SAT)
cc("arn-like-ifexists-present-nomatch", "ArnLikeIfExists: a present key is checked", {"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::*"}}, {"aws:SourceArn": "arn:aws:sqs:us-east-1:111122223333:q"}, NOT)

# --- Null (§4.2, §4.4) ---
cc("null-false-absent-nomatch", "Null false with the key absent", {"Null": {"aws:TokenIssueTime": "false"}}, {}, NOT)
cc("null-json-true-absent-match", "an unquoted JSON true", {"Null": {"aws:TokenIssueTime": True}}, {}, SAT)
cc("null-false-multivalued-match", "Null false holds for a present multivalued key", {"Null": {"aws:TagKeys": "false"}}, {"aws:TagKeys": ["a"]}, SAT)

# --- IfExists on String operators (§4.3) ---
cc("string-like-ifexists-absent-match", "StringLikeIfExists: absent key is true", {"StringLikeIfExists": {"k": "prod-*"}}, {}, SAT)
cc("string-like-ifexists-present-nomatch", "StringLikeIfExists: a present key is checked", {"StringLikeIfExists": {"k": "prod-*"}}, {"k": "dev-1"}, NOT)
cc("string-not-equals-ifexists-absent-match", "StringNotEqualsIfExists: absent key is true", {"StringNotEqualsIfExists": {"k": "x"}}, {}, SAT)
cc("string-not-equals-ifexists-present-nomatch", "StringNotEqualsIfExists: a present listed value fails", {"StringNotEqualsIfExists": {"k": "x"}}, {"k": "x"}, NOT)
cc("ifexists-multivalued-nomatch", "IfExists with a multivalued value present: the plain operator is false", {"StringEqualsIfExists": {"aws:TagKeys": "a"}}, {"aws:TagKeys": ["a"]}, NOT)

# --- Set qualifiers: present, absent, empty list, empty string (§4.4) ---
cc("forall-empty-string-match", "an empty string is the empty set: ForAllValues is true", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": ""}, SAT)
cc("forany-empty-string-nomatch", "an empty string is the empty set: ForAnyValue is false", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": ""}, NOT)
cc("forany-empty-list-nomatch", "an empty list is the empty set: ForAnyValue is false", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": []}, NOT)
cc("forall-single-value-match", "a single request value is a one-element set", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}, {"aws:TagKeys": "a"}, SAT)
cc("forall-single-value-nomatch", "…which fails when unlisted", {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}, {"aws:TagKeys": "c"}, NOT)
cc("forany-single-value-match", "ForAnyValue on a single value", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": "a"}, SAT)
cc("forany-none-listed-nomatch", "ForAnyValue: no request value listed", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["x"]}}, {"aws:TagKeys": ["a", "b"]}, NOT)
cc("forall-like-match", "ForAllValues:StringLike: every value matches some pattern", {"ForAllValues:StringLike": {"aws:TagKeys": ["env*", "cost*"]}}, {"aws:TagKeys": ["env-1", "cost-2"]}, SAT)
cc("forany-like-nomatch", "ForAnyValue:StringLike: no value matches", {"ForAnyValue:StringLike": {"aws:TagKeys": "sec*"}}, {"aws:TagKeys": ["env", "cost"]}, NOT)
cc("forall-negated-listed-nomatch", "ForAllValues:StringNotEquals fails when one request value is listed", {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["x"]}}, {"aws:TagKeys": ["a", "x"]}, NOT)
cc("forany-negated-some-match", "ForAnyValue:StringNotEquals holds when one request value is unlisted", {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": ["a", "b"]}, SAT)
cc("forall-negated-empty-match", "ForAllValues with a negated operator is still true for the empty set", {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["x"]}}, {}, SAT)
cc("forany-negated-empty-nomatch", "ForAnyValue with a negated operator is still false for the empty set", {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["x"]}}, {}, NOT)
cc("forall-ignore-case-match", "ForAllValues:StringEqualsIgnoreCase", {"ForAllValues:StringEqualsIgnoreCase": {"aws:TagKeys": ["Env"]}}, {"aws:TagKeys": ["ENV", "env"]}, SAT)
cc("forall-numeric-match", "ForAllValues with a Numeric operator", {"ForAllValues:NumericLessThan": {"k": "10"}}, {"k": ["1", "9.5"]}, SAT)

# --- Plain operators on multivalued request values: false, negated ones too (§4.4, §7) ---
cc("plain-like-on-multivalued-nomatch", "StringLike * on a list is false", {"StringLike": {"aws:TagKeys": "*"}}, {"aws:TagKeys": ["a"]}, NOT)
cc("plain-not-like-on-multivalued-nomatch", "StringNotLike on a list is false", {"StringNotLike": {"aws:TagKeys": "z*"}}, {"aws:TagKeys": ["a"]}, NOT)
cc("plain-ip-on-multivalued-nomatch", "IpAddress on a list is false", {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, {"aws:SourceIp": ["10.0.0.1"]}, NOT)
cc("plain-not-ip-on-multivalued-nomatch", "NotIpAddress on a list is false", {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": ["192.0.2.1"]}, NOT)

# --- Block logic and key names (§4.1) ---
cc("operators-and-both-match", "operators AND: both true", {"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}, {"aws:username": "alice", "aws:SecureTransport": "true"}, SAT)
cc("operators-and-one-false-nomatch", "operators AND: one false", {"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}, {"aws:username": "alice", "aws:SecureTransport": "false"}, NOT)
cc("keys-and-both-match", "keys under one operator AND: both match", {"StringEquals": {"aws:username": "alice", "aws:RequestedRegion": "eu-west-1"}}, {"aws:username": "alice", "aws:RequestedRegion": "eu-west-1"}, SAT)
cc("context-key-case-match", "key names are case-insensitive on the context side too", {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"AWS:SOURCEIP": "10.1.2.3"}, SAT)
cc("tag-key-case-match", "tag key names are case-insensitive", {"StringEquals": {"aws:PrincipalTag/Team": "red"}}, {"aws:PrincipalTag/team": "red"}, SAT)
cc("tag-value-case-nomatch", "tag values compare per operator: StringEquals is case-sensitive", {"StringEquals": {"aws:PrincipalTag/team": "red"}}, {"aws:PrincipalTag/team": "Red"}, NOT)

# --- Policy variables in conditions (§4.6) ---
cc("var-principal-tag-match", "${aws:PrincipalTag/team} takes the tag value", {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"}}, {"aws:RequestTag/team": "red", "aws:PrincipalTag/team": "red"}, SAT)
cc("var-principal-tag-nomatch", "…and another value does not match", {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"}}, {"aws:RequestTag/team": "blue", "aws:PrincipalTag/team": "red"}, NOT)
cc("var-escape-question-match", "${?} is a literal ?", {"StringLike": {"k": "a${?}c"}}, {"k": "a?c"}, SAT)
cc("var-escape-question-nomatch", "…never a one-character wildcard", {"StringLike": {"k": "a${?}c"}}, {"k": "abc"}, NOT)
cc("var-escape-dollar-match", "${$} is a literal $", {"StringEquals": {"k": "cost${$}"}}, {"k": "cost$"}, SAT)
cc("var-unresolved-like-nomatch", "an unresolved variable in StringLike matches nothing", {"StringLike": {"k": "home/${aws:username}/*"}}, {"k": "home/alice/x"}, NOT)
cc("var-unresolved-not-like-match", "…and StringNotLike holds", {"StringNotLike": {"k": "home/${aws:username}/*"}}, {"k": "home/alice/x"}, SAT)
cc("var-unresolved-arn-like-nomatch", "an unresolved variable in ArnLike matches nothing", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}, NOT)
cc("var-unresolved-arn-not-like-match", "…and ArnNotLike holds", {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}}, {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice"}, SAT)
cc("var-unresolved-list-other-match", "an unresolved value matches nothing; other values still OR", {"StringEquals": {"k": ["${aws:username}", "x"]}}, {"k": "x"}, SAT)
cc("var-unresolved-negated-list-nomatch", "negated: another listed value that matches makes the NOR false", {"StringNotEquals": {"k": ["${aws:username}", "x"]}}, {"k": "x"}, NOT)
cc("var-default-like-match", "a default inside a StringLike pattern", {"StringLike": {"k": "${aws:PrincipalTag/team, 'shared'}/*"}}, {"k": "shared/doc"}, SAT)
cc("var-default-negated-nomatch", "a negated operator with a default that matches fails", {"StringNotEquals": {"k": "${aws:PrincipalTag/team, 'shared'}"}}, {"k": "shared"}, NOT)
cc("var-ignore-case-match", "variables in StringEqualsIgnoreCase", {"StringEqualsIgnoreCase": {"k": "${aws:username}"}}, {"k": "ALICE", "aws:username": "Alice"}, SAT)
cc("var-two-match", "several variables in one value", {"StringEquals": {"k": "${aws:username}/${aws:PrincipalTag/team}"}}, {"k": "alice/red", "aws:username": "alice", "aws:PrincipalTag/team": "red"}, SAT)
cc("var-two-one-unresolved-nomatch", "one unresolved variable makes the whole value match nothing", {"StringEquals": {"k": "${aws:username}/${aws:PrincipalTag/team}"}}, {"k": "alice/", "aws:username": "alice"}, NOT)

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
ev("notprincipal-exempt", "…and exempts the exact identity listed with its account (NotPrincipal page: list the account too)",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": [USER, f"arn:aws:iam::{ACCT}:root"]}, "Action": INV, "Resource": "*"})]},
   INV, R, "Allow", caller=USER, resourceAccount=ACCT)
ev("notprincipal-user-without-account-denies", "a user listed without its account is not exempt: AWS may check the account first (NotPrincipal page)",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": USER}, "Action": INV, "Resource": "*"})]},
   INV, R, "ExplicitDeny", caller=USER, resourceAccount=ACCT)
ev("notprincipal-role-does-not-exempt-session", "a role ARN in NotPrincipal never exempts its sessions",
   {"identity": [pol(allow())], "resource": [pol({"Effect": "Deny", "NotPrincipal": {"AWS": ROLE}, "Action": INV, "Resource": "*"})]},
   INV, R, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)


# ---------------------------------------------------------------------------------------------
# Helpers for the cases below: a named IAM user calls unless a case says otherwise.
OUT_ROLE = f"arn:aws:iam::{OTHER}:role/ops"
OUT_SESSION = f"arn:aws:sts::{OTHER}:assumed-role/ops/s1"
ROOT = "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/"
def evu(id, why, policies, expect, context=None, action=INV, resource=R, caller=USER, **kw):
    ev(id, why, policies, action, resource, expect, context=context, caller=caller, **kw)
def idp(*statements, version="2012-10-17"):
    return {"identity": [pol(*statements, version=version)]}
def allow_if(condition):
    return idp(allow(Condition=condition))
def deny_if(condition):
    return idp(allow(), deny(Condition=condition))
def rps(*statements):
    return pol(*[{"Action": INV, "Resource": "*", **s} for s in statements])

# --- IfExists under Allow and Deny, key present and absent (§4.3) ---
TEAM_EQ = {"StringEqualsIfExists": {"aws:PrincipalTag/team": "red"}}
evu("ifexists-allow-absent-allow", "Allow+StringEqualsIfExists: an absent key is true", allow_if(TEAM_EQ), "Allow")
evu("ifexists-allow-present-match-allow", "Allow+StringEqualsIfExists: a present matching key", allow_if(TEAM_EQ), "Allow", context={"aws:PrincipalTag/team": "red"})
evu("ifexists-allow-present-mismatch-implicit", "Allow+StringEqualsIfExists: a present other value is false", allow_if(TEAM_EQ), "ImplicitDeny", context={"aws:PrincipalTag/team": "blue"})
TEAM_NE = {"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "red"}}
evu("ifexists-deny-negated-absent-denies", "Deny+StringNotEqualsIfExists: an absent key is true, so the Deny applies", deny_if(TEAM_NE), "ExplicitDeny")
evu("ifexists-deny-negated-present-listed-allow", "Deny+StringNotEqualsIfExists: a listed value makes it false", deny_if(TEAM_NE), "Allow", context={"aws:PrincipalTag/team": "red"})
evu("ifexists-deny-negated-present-other-denies", "Deny+StringNotEqualsIfExists: another value makes it true", deny_if(TEAM_NE), "ExplicitDeny", context={"aws:PrincipalTag/team": "blue"})
MFA_T = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}
evu("ifexists-bool-allow-absent-allow", "Allow+BoolIfExists: long-term credentials (no MFA key) pass", allow_if(MFA_T), "Allow")
evu("ifexists-bool-allow-present-false-implicit", "Allow+BoolIfExists: a present false fails", allow_if(MFA_T), "ImplicitDeny", context={"aws:MultiFactorAuthPresent": "false"})
MFA_F = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
evu("ifexists-bool-deny-absent-denies", "Deny+BoolIfExists false: an absent key is true, so the Deny applies", deny_if(MFA_F), "ExplicitDeny")
evu("ifexists-bool-deny-present-true-allow", "Deny+BoolIfExists false: MFA present does not match", deny_if(MFA_F), "Allow", context={"aws:MultiFactorAuthPresent": "true"})
AGE = {"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}
evu("ifexists-numeric-deny-absent-denies", "Deny+NumericGreaterThanIfExists: an absent key is true", deny_if(AGE), "ExplicitDeny")
evu("ifexists-numeric-deny-present-old-denies", "Deny+NumericGreaterThanIfExists: an old MFA denies", deny_if(AGE), "ExplicitDeny", context={"aws:MultiFactorAuthAge": "7200"})
evu("ifexists-numeric-deny-present-fresh-allow", "Deny+NumericGreaterThanIfExists: a fresh MFA does not match", deny_if(AGE), "Allow", context={"aws:MultiFactorAuthAge": "60"})
IPX = {"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}
evu("ifexists-ip-allow-absent-allow", "Allow+IpAddressIfExists: no aws:SourceIp (VPC endpoint) passes", allow_if(IPX), "Allow")
evu("ifexists-ip-allow-present-outside-implicit", "Allow+IpAddressIfExists: an address outside the range fails", allow_if(IPX), "ImplicitDeny", context={"aws:SourceIp": "192.0.2.1"})
NIPX = {"NotIpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}
evu("ifexists-not-ip-deny-absent-denies", "Deny+NotIpAddressIfExists: an absent key is true", deny_if(NIPX), "ExplicitDeny")
evu("ifexists-not-ip-deny-present-inside-allow", "Deny+NotIpAddressIfExists: an address inside the range does not match", deny_if(NIPX), "Allow", context={"aws:SourceIp": "10.9.9.9"})
TIT = {"DateLessThanIfExists": {"aws:TokenIssueTime": "2026-01-15T00:00:00Z"}}
evu("ifexists-date-allow-absent-allow", "Allow+DateLessThanIfExists: an absent key is true", allow_if(TIT), "Allow")
evu("ifexists-date-allow-present-later-implicit", "Allow+DateLessThanIfExists: a later token fails", allow_if(TIT), "ImplicitDeny", context={"aws:TokenIssueTime": "2026-01-16T00:00:00Z"})
PARN = {"ArnNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}
evu("ifexists-arn-deny-absent-denies", "Deny+ArnNotLikeIfExists: an absent key is true", deny_if(PARN), "ExplicitDeny")
evu("ifexists-arn-deny-present-match-allow", "Deny+ArnNotLikeIfExists: a matching ARN does not match the NOT", deny_if(PARN), "Allow", context={"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-ops"})
evu("ifexists-allow-present-unparsable-implicit", "IfExists with the key present and unparsable: the Allow is unevaluable and never grants",
    allow_if({"NumericLessThanIfExists": {"k": "10"}}), "ImplicitDeny", context={"k": "ten"})
evu("ifexists-deny-present-unparsable-denies", "IfExists with the key present and unparsable: the Deny still denies",
    deny_if({"NumericGreaterThanIfExists": {"k": "10"}}), "ExplicitDeny", context={"k": "ten"})

# --- Set qualifiers under Allow and Deny: present, absent, empty list, empty string (§4.4) ---
FALL = {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "cost"]}}
evu("forall-allow-absent-allow", "Allow+ForAllValues: true for an absent key (AWS warns about this)", allow_if(FALL), "Allow")
evu("forall-allow-empty-list-allow", "Allow+ForAllValues: true for an empty list", allow_if(FALL), "Allow", context={"aws:TagKeys": []})
evu("forall-allow-empty-string-allow", "Allow+ForAllValues: true for an empty string", allow_if(FALL), "Allow", context={"aws:TagKeys": ""})
evu("forall-allow-subset-allow", "Allow+ForAllValues: every request value listed", allow_if(FALL), "Allow", context={"aws:TagKeys": ["env"]})
evu("forall-allow-extra-implicit", "Allow+ForAllValues: one unlisted value fails", allow_if(FALL), "ImplicitDeny", context={"aws:TagKeys": ["env", "owner"]})
FANY = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}
evu("forany-allow-absent-implicit", "Allow+ForAnyValue: false for an absent key", allow_if(FANY), "ImplicitDeny")
evu("forany-allow-empty-list-implicit", "Allow+ForAnyValue: false for an empty list", allow_if(FANY), "ImplicitDeny", context={"aws:TagKeys": []})
evu("forany-allow-empty-string-implicit", "Allow+ForAnyValue: false for an empty string", allow_if(FANY), "ImplicitDeny", context={"aws:TagKeys": ""})
evu("forany-allow-one-listed-allow", "Allow+ForAnyValue: one listed value suffices", allow_if(FANY), "Allow", context={"aws:TagKeys": ["env", "x"]})
evu("forany-allow-none-listed-implicit", "Allow+ForAnyValue: no listed value", allow_if(FANY), "ImplicitDeny", context={"aws:TagKeys": ["x"]})
DANY = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["secret"]}}
evu("forany-deny-absent-allow", "Deny+ForAnyValue: false for an absent key, the Deny does not apply", deny_if(DANY), "Allow")
evu("forany-deny-empty-list-allow", "Deny+ForAnyValue: false for an empty list", deny_if(DANY), "Allow", context={"aws:TagKeys": []})
evu("forany-deny-empty-string-allow", "Deny+ForAnyValue: false for an empty string", deny_if(DANY), "Allow", context={"aws:TagKeys": ""})
evu("forany-deny-listed-denies", "Deny+ForAnyValue: one listed value denies", deny_if(DANY), "ExplicitDeny", context={"aws:TagKeys": ["secret", "x"]})
evu("forany-deny-unlisted-allow", "Deny+ForAnyValue: no listed value", deny_if(DANY), "Allow", context={"aws:TagKeys": ["x"]})
DALL = {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}
evu("forall-deny-absent-denies", "Deny+ForAllValues: true for an absent key, so the Deny applies", deny_if(DALL), "ExplicitDeny")
evu("forall-deny-empty-list-denies", "Deny+ForAllValues: true for an empty list", deny_if(DALL), "ExplicitDeny", context={"aws:TagKeys": []})
evu("forall-deny-empty-string-denies", "Deny+ForAllValues: true for an empty string", deny_if(DALL), "ExplicitDeny", context={"aws:TagKeys": ""})
evu("forall-deny-extra-allow", "Deny+ForAllValues: an unlisted value makes it false", deny_if(DALL), "Allow", context={"aws:TagKeys": ["env", "x"]})
evu("forall-deny-all-listed-denies", "Deny+ForAllValues: every value listed", deny_if(DALL), "ExplicitDeny", context={"aws:TagKeys": ["env"]})
DANYN = {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "cost"]}}
evu("forany-negated-deny-absent-allow", "Deny+ForAnyValue:StringNotEquals: false for the empty set", deny_if(DANYN), "Allow")
evu("forany-negated-deny-empty-list-allow", "Deny+ForAnyValue:StringNotEquals: false for an empty list", deny_if(DANYN), "Allow", context={"aws:TagKeys": []})
evu("forany-negated-deny-unlisted-denies", "Deny+ForAnyValue:StringNotEquals: one unlisted request value denies", deny_if(DANYN), "ExplicitDeny", context={"aws:TagKeys": ["env", "owner"]})
evu("forany-negated-deny-all-listed-allow", "Deny+ForAnyValue:StringNotEquals: all request values listed", deny_if(DANYN), "Allow", context={"aws:TagKeys": ["env"]})
DALLN = {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}
evu("forall-negated-deny-absent-denies", "Deny+ForAllValues:StringNotEquals: true for the empty set", deny_if(DALLN), "ExplicitDeny")
evu("forall-negated-deny-none-listed-denies", "Deny+ForAllValues:StringNotEquals: no request value listed", deny_if(DALLN), "ExplicitDeny", context={"aws:TagKeys": ["a"]})
evu("forall-negated-deny-listed-allow", "Deny+ForAllValues:StringNotEquals: a listed request value makes it false", deny_if(DALLN), "Allow", context={"aws:TagKeys": ["a", "secret"]})

# --- Missing keys: negated operators true, plain operators false, under Allow and Deny (§4.3) ---
evu("missing-string-not-equals-allow-allow", "Allow+StringNotEquals with the key missing: true",
    allow_if({"StringNotEquals": {"aws:PrincipalTag/team": "red"}}), "Allow")
evu("missing-string-not-equals-deny-denies", "Deny+StringNotEquals with the key missing: true, the Deny applies",
    deny_if({"StringNotEquals": {"aws:PrincipalTag/team": "red"}}), "ExplicitDeny")
evu("missing-string-not-like-allow-allow", "Allow+StringNotLike with the key missing: true",
    allow_if({"StringNotLike": {"aws:Referer": "https://evil.example/*"}}), "Allow")
evu("missing-string-not-like-deny-denies", "Deny+StringNotLike with the key missing: true",
    deny_if({"StringNotLike": {"aws:Referer": "https://app.example.com/*"}}), "ExplicitDeny")
evu("missing-not-equals-ignore-case-allow-allow", "Allow+StringNotEqualsIgnoreCase with the key missing: true",
    allow_if({"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "red"}}), "Allow")
evu("missing-numeric-not-equals-deny-denies", "Deny+NumericNotEquals with the key missing: true",
    deny_if({"NumericNotEquals": {"aws:MultiFactorAuthAge": "0"}}), "ExplicitDeny")
evu("missing-date-not-equals-allow-allow", "Allow+DateNotEquals with the key missing: true",
    allow_if({"DateNotEquals": {"aws:TokenIssueTime": "2026-01-15"}}), "Allow")
evu("missing-arn-not-equals-deny-denies", "Deny+ArnNotEquals with the key missing: true",
    deny_if({"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}), "ExplicitDeny")
evu("missing-arn-not-like-deny-denies", "Deny+ArnNotLike with the key missing: true",
    deny_if({"ArnNotLike": {"aws:SourceArn": "arn:aws:execute-api:*:111122223333:*"}}), "ExplicitDeny")
evu("missing-not-ip-allow-allow", "Allow+NotIpAddress with aws:SourceIp missing: true",
    allow_if({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "Allow")
evu("missing-string-equals-deny-allow", "Deny+StringEquals with the key missing: false, the Deny does not apply",
    deny_if({"StringEquals": {"aws:PrincipalTag/team": "red"}}), "Allow")
evu("missing-ip-allow-implicit", "Allow+IpAddress with aws:SourceIp missing: false",
    allow_if({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "ImplicitDeny")
evu("missing-arn-like-deny-allow", "Deny+ArnLike with the key missing: false",
    deny_if({"ArnLike": {"aws:SourceArn": "arn:aws:execute-api:*:*:*"}}), "Allow")
evu("missing-null-deny-denies", "Deny+Null true: denies when the key is missing",
    deny_if({"Null": {"aws:PrincipalTag/team": "true"}}), "ExplicitDeny")
evu("missing-null-deny-present-allow", "Deny+Null true: a present key does not match",
    deny_if({"Null": {"aws:PrincipalTag/team": "true"}}), "Allow", context={"aws:PrincipalTag/team": "red"})

# --- Plain operators on multivalued request values: false, negated ones too (§4.4, §7) ---
evu("multivalued-plain-allow-implicit", "Allow+StringEquals on a list: false even when the value is listed",
    allow_if({"StringEquals": {"aws:TagKeys": "env"}}), "ImplicitDeny", context={"aws:TagKeys": ["env"]})
evu("multivalued-plain-deny-allow", "Deny+StringEquals on a list: false, the Deny does not apply",
    deny_if({"StringEquals": {"aws:TagKeys": "secret"}}), "Allow", context={"aws:TagKeys": ["secret"]})
evu("multivalued-negated-deny-allow", "Deny+StringNotEquals on a list: false as well",
    deny_if({"StringNotEquals": {"aws:TagKeys": "env"}}), "Allow", context={"aws:TagKeys": ["x"]})
evu("multivalued-negated-allow-implicit", "Allow+StringNotLike on a list: false",
    allow_if({"StringNotLike": {"aws:TagKeys": "sec*"}}), "ImplicitDeny", context={"aws:TagKeys": ["env"]})
evu("multivalued-qualified-allow-allow", "…while ForAnyValue on the same list holds",
    allow_if({"ForAnyValue:StringEquals": {"aws:TagKeys": "env"}}), "Allow", context={"aws:TagKeys": ["env"]})

# --- Unevaluable statements: an Allow never grants, a Deny still denies (§4.5) ---
evu("unevaluable-ip-allow-implicit", "Allow+IpAddress on an unparsable address never grants",
    allow_if({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "ImplicitDeny", context={"aws:SourceIp": "not-an-ip"})
evu("unevaluable-not-ip-deny-denies", "Deny+NotIpAddress on an unparsable address still denies",
    deny_if({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "ExplicitDeny", context={"aws:SourceIp": "not-an-ip"})
evu("unevaluable-arn-not-like-deny-denies", "Deny+ArnNotLike on an invalid ARN still denies",
    deny_if({"ArnNotLike": {"aws:SourceArn": "arn:aws:execute-api:*:111122223333:*"}}), "ExplicitDeny", context={"aws:SourceArn": "not-an-arn"})
evu("unevaluable-arn-like-allow-implicit", "Allow+ArnLike on an invalid ARN never grants",
    allow_if({"ArnLike": {"aws:SourceArn": "arn:aws:execute-api:*:111122223333:*"}}), "ImplicitDeny", context={"aws:SourceArn": "not-an-arn"})
evu("unevaluable-date-deny-denies", "Deny+DateGreaterThan on an unparsable date still denies",
    deny_if({"DateGreaterThan": {"aws:CurrentTime": "2026-01-15"}}), "ExplicitDeny", context={"aws:CurrentTime": "soon"})
evu("unevaluable-bool-deny-denies", "Deny+Bool on a value other than true/false still denies",
    deny_if({"Bool": {"aws:SecureTransport": "false"}}), "ExplicitDeny", context={"aws:SecureTransport": "maybe"})
evu("unevaluable-binary-deny-denies", "Deny+BinaryEquals on a value that is not base64 still denies",
    deny_if({"BinaryEquals": {"k": "aGVsbG8="}}), "ExplicitDeny", context={"k": "%%%"})
evu("unevaluable-deny-other-action-allow", "an unevaluable Deny denies only if its action matches",
    idp(allow(), deny(action="s3:GetObject", Condition={"NumericLessThan": {"k": "5"}})), "Allow", context={"k": "five"})
evu("unevaluable-allow-other-allow-allow", "an unevaluable Allow does not stop another Allow",
    idp(allow(Condition={"NumericLessThan": {"k": "5"}}), allow()), "Allow", context={"k": "five"})

# --- Block logic in evaluation: values OR, keys AND, operators AND (§4.1) ---
evu("block-values-or-allow", "values of one key OR",
    allow_if({"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}), "Allow", context={"aws:PrincipalTag/team": "red"})
evu("block-keys-and-implicit", "keys under one operator AND: one false",
    allow_if({"StringEquals": {"aws:PrincipalTag/team": "red", "aws:RequestedRegion": "eu-west-1"}}), "ImplicitDeny",
    context={"aws:PrincipalTag/team": "red", "aws:RequestedRegion": "us-east-1"})
evu("block-operators-and-allow", "operators AND: all true",
    allow_if({"StringEquals": {"aws:PrincipalTag/team": "red"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "Allow",
    context={"aws:PrincipalTag/team": "red", "aws:SourceIp": "10.0.0.1"})
evu("block-operators-and-implicit", "operators AND: one false",
    allow_if({"StringEquals": {"aws:PrincipalTag/team": "red"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "ImplicitDeny",
    context={"aws:PrincipalTag/team": "red", "aws:SourceIp": "192.0.2.1"})
evu("block-deny-operators-and-allow", "a Deny applies only when all its operators hold",
    deny_if({"Bool": {"aws:SecureTransport": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "Allow",
    context={"aws:SecureTransport": "false", "aws:SourceIp": "192.0.2.1"})
evu("block-deny-operators-and-denies", "…and denies when they all do",
    deny_if({"Bool": {"aws:SecureTransport": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), "ExplicitDeny",
    context={"aws:SecureTransport": "false", "aws:SourceIp": "10.0.0.1"})

# --- Policy variables in Resource and conditions, Version, escapes, unresolved (§4.6) ---
STAGE_VAR = "arn:aws:execute-api:*:*:abc123/${aws:PrincipalTag/stage}/*"
evu("var-resource-tag-allow", "a PrincipalTag variable in Resource takes the tag",
    idp(allow(resource=STAGE_VAR)), "Allow", context={"aws:PrincipalTag/stage": "prod"})
evu("var-resource-tag-other-implicit", "…and another tag value does not match",
    idp(allow(resource=STAGE_VAR)), "ImplicitDeny", context={"aws:PrincipalTag/stage": "test"})
STAGE_DEF = "arn:aws:execute-api:*:*:abc123/${aws:PrincipalTag/stage, 'prod'}/*"
evu("var-resource-default-allow", "a default in Resource is used when the key is absent",
    idp(allow(resource=STAGE_DEF)), "Allow")
evu("var-resource-default-unused-implicit", "…and not when the key is present",
    idp(allow(resource=STAGE_DEF)), "ImplicitDeny", context={"aws:PrincipalTag/stage": "test"})
USER_RES = "arn:aws:execute-api:*:*:abc123/prod/GET/${aws:username}"
evu("var-resource-substituted-star-implicit", "a * in a substituted value is literal in Resource",
    idp(allow(resource=USER_RES)), "ImplicitDeny", context={"aws:username": "*"})
evu("var-resource-escape-star-implicit", "${*} in Resource is a literal *, not a wildcard",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${*}")), "ImplicitDeny")
evu("var-resource-escape-star-literal-allow", "…which matches a literal * in the resource",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${*}")), "Allow",
    resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/*")
evu("var-resource-key-case-allow", "variable key names are case-insensitive in Resource",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${AWS:UserName}")), "Allow",
    resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/alice", context={"aws:username": "alice"})
evu("var-resource-multivalued-implicit", "a multivalued key in Resource counts as unresolved and matches nothing",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/${aws:TagKeys}")), "ImplicitDeny",
    resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets", context={"aws:TagKeys": ["pets"]})
evu("var-resource-no-version-literal-implicit", "without Version, a Resource variable is literal text",
    idp(allow(resource=USER_RES), version=None), "ImplicitDeny",
    resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/alice", context={"aws:username": "alice"})
evu("var-resource-no-version-literal-allow", "…which matches the literal text",
    idp(allow(resource=USER_RES), version=None), "Allow",
    resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/${aws:username}", context={"aws:username": "alice"})
evu("var-condition-2008-literal-implicit", "under Version 2008-10-17 a condition variable is literal",
    idp(allow(Condition={"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}), version="2008-10-17"), "ImplicitDeny",
    context={"aws:PrincipalTag/owner": "alice", "aws:username": "alice"})
evu("var-condition-2012-allow", "…and substituted under 2012-10-17",
    idp(allow(Condition={"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}})), "Allow",
    context={"aws:PrincipalTag/owner": "alice", "aws:username": "alice"})
evu("var-unresolved-allow-implicit", "Allow+StringEquals with an unresolved variable matches nothing",
    allow_if({"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}), "ImplicitDeny", context={"aws:PrincipalTag/owner": "alice"})
evu("var-unresolved-negated-deny-denies", "Deny+StringNotEquals with an unresolved variable: the not holds, the Deny applies",
    deny_if({"StringNotEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}), "ExplicitDeny", context={"aws:PrincipalTag/owner": "alice"})
evu("var-unresolved-deny-allow", "Deny+StringEquals with an unresolved variable does not apply",
    deny_if({"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}), "Allow", context={"aws:PrincipalTag/owner": "alice"})
evu("var-unresolved-notresource-deny-denies", "an unresolved NotResource entry matches nothing, so Deny+NotResource covers every resource",
    idp(allow(), {"Effect": "Deny", "Action": INV, "NotResource": "arn:aws:execute-api:*:*:abc123/${aws:PrincipalTag/stage}/*"}), "ExplicitDeny")
evu("var-resolved-notresource-allow", "…while a resolved one excludes the resource",
    idp(allow(), {"Effect": "Deny", "Action": INV, "NotResource": "arn:aws:execute-api:*:*:abc123/${aws:PrincipalTag/stage}/*"}), "Allow",
    context={"aws:PrincipalTag/stage": "prod"})

# --- Action matching: case-insensitive, * and ? (§3) ---
evu("action-star-lower-allow", "a trailing * in a lower-case action pattern", idp(allow(action="execute-api:inv*")), "Allow")
evu("action-question-upper-allow", "? is one character, case-insensitive", idp(allow(action="EXECUTE-API:Inv?ke")), "Allow")
evu("action-question-short-implicit", "? does not stand for a run", idp(allow(action="execute-api:Inv?")), "ImplicitDeny")
evu("action-service-star-allow", "prefix:* covers the service", idp(allow(action="execute-api:*")), "Allow")
evu("action-star-allow", "* is every action", idp(allow(action="*")), "Allow")
evu("action-list-or-allow", "action list entries OR", idp(allow(action=["s3:GetObject", "execute-api:Invoke"])), "Allow")
evu("action-exact-other-implicit", "an exact action does not cover another", idp(allow()), "ImplicitDeny", action="execute-api:InvalidateCache")
evu("action-prefix-glob-allow", "the glob runs over the whole action, prefix included", idp(allow(action="execute-*:Invoke")), "Allow")
evu("action-request-case-allow", "the request action's case does not matter", idp(allow()), "Allow", action="EXECUTE-API:INVOKE")
evu("action-other-service-implicit", "prefix:* does not cover another service", idp(allow(action="execute-api:*")), "ImplicitDeny", action="apigateway:GET",
    resource="arn:aws:apigateway:us-east-1::/restapis/abc123", resourceAccount=ACCT)

# --- Resource matching: case-sensitive, * crosses / and :, ?, lists (§3) ---
evu("resource-stage-case-implicit", "the stage name is case-sensitive", idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/Prod/GET/pets")), "ImplicitDeny")
evu("resource-path-case-implicit", "the path is case-sensitive", idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/PETS")), "ImplicitDeny")
evu("resource-star-crosses-colon-allow", "* in Resource crosses : and /", idp(allow(resource="arn:aws:execute-api:*")), "Allow")
evu("resource-star-spans-segments-allow", "* may span the region and account segments (whole-string glob, linted)",
    idp(allow(resource="arn:aws:execute-api:*:abc123/*")), "Allow")
evu("resource-star-crosses-slash-allow", "* crosses / in the path", idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*")), "Allow")
evu("resource-question-allow", "? matches one character in Resource", idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pet?")), "Allow")
evu("resource-question-short-implicit", "? needs exactly one character", idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets?")), "ImplicitDeny")
evu("resource-list-or-allow", "resource list entries OR",
    idp(allow(resource=["arn:aws:execute-api:*:*:other/*", "arn:aws:execute-api:*:*:abc123/prod/*"])), "Allow")

# --- NotAction / NotResource with Allow and Deny (§3) ---
evu("notaction-allow-other-service-allow", "Allow+NotAction grants other services too", idp({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), "Allow",
    action="apigateway:GET", resource="arn:aws:apigateway:us-east-1::/restapis/abc123", resourceAccount=ACCT)
evu("notaction-allow-list-excluded-implicit", "Allow+NotAction with a list excludes each entry",
    idp({"Effect": "Allow", "NotAction": ["iam:*", "execute-api:Inv*"], "Resource": "*"}), "ImplicitDeny")
evu("notaction-deny-excluded-allow", "Deny+NotAction does not deny the excluded action",
    idp(allow(), {"Effect": "Deny", "NotAction": "execute-api:*", "Resource": "*"}), "Allow")
evu("notresource-allow-other-allow", "Allow+NotResource grants every other resource",
    idp({"Effect": "Allow", "Action": INV, "NotResource": "arn:aws:execute-api:*:*:other/*"}), "Allow")
evu("notresource-allow-excluded-implicit", "Allow+NotResource does not grant the excluded resource",
    idp({"Effect": "Allow", "Action": INV, "NotResource": "arn:aws:execute-api:*:*:abc123/*"}), "ImplicitDeny")
evu("notresource-deny-inside-allow", "Deny+NotResource does not deny a listed resource",
    idp(allow(), {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:execute-api:*:*:abc123/*"}), "Allow")
evu("notresource-notaction-deny-allow", "Deny with NotAction and NotResource: both must hold",
    idp(allow(), {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:execute-api:*:*:abc123/*"}), "Allow")

# --- Identity policies (§2.2 steps 1, 5) ---
evu("identity-second-policy-allow", "one Allow in any identity policy suffices", {"identity": [pol(allow(action="s3:*")), pol(allow())]}, "Allow")
evu("identity-deny-condition-true-denies", "a Deny whose condition holds wins over an Allow in another policy",
    {"identity": [pol(allow()), pol(deny(Condition={"Bool": {"aws:SecureTransport": "false"}}))]}, "ExplicitDeny", context={"aws:SecureTransport": "false"})

# --- Permissions boundary (§2.2 step 6) ---
evu("boundary-deny-denies", "a Deny in the boundary is an explicit deny", {"identity": [pol(allow())], "boundary": [pol(allow(action="*"), deny())]}, "ExplicitDeny")
evu("boundary-false-condition-implicit", "a boundary Allow whose condition is false does not allow",
    {"identity": [pol(allow())], "boundary": [pol(allow(Condition={"Bool": {"aws:SecureTransport": "true"}}))]}, "ImplicitDeny",
    context={"aws:SecureTransport": "false"})
evu("boundary-notaction-allow", "a boundary with Allow+NotAction allows the rest",
    {"identity": [pol(allow())], "boundary": [pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})]}, "Allow")
evu("boundary-resource-scoped-implicit", "the boundary must allow this resource",
    {"identity": [pol(allow())], "boundary": [pol(allow(resource="arn:aws:execute-api:*:*:other/*"))]}, "ImplicitDeny")

# --- Session policies (§2.2 step 7) ---
evu("session-deny-denies", "a Deny in the session policy is an explicit deny",
    {"identity": [pol(allow())], "session": [pol(allow(), deny())]}, "ExplicitDeny", caller=SESSION)
evu("session-never-grants-implicit", "a session policy never grants by itself",
    {"identity": [], "session": [pol(allow())]}, "ImplicitDeny", caller=SESSION)
evu("session-role-without-policy-allow", "a role session without a session policy is unrestricted",
    {"identity": [pol(allow())]}, "Allow", caller=SESSION)
evu("session-role-with-policy-allow", "identity ∩ session both allow",
    {"identity": [pol(allow())], "session": [pol(allow(action="execute-api:*"))]}, "Allow", caller=SESSION)
evu("session-federated-without-policy-implicit", "a federated-user session without a session policy is an implicit deny",
    {"identity": [pol(allow())]}, "ImplicitDeny", caller=FED, federatingUser=USER)
evu("session-federated-with-policy-allow", "a federated-user session with a session policy that allows",
    {"identity": [pol(allow())], "session": [pol(allow())]}, "Allow", caller=FED, federatingUser=USER)
evu("session-federated-deny-denies", "a Deny in a federated session policy",
    {"identity": [pol(allow())], "session": [pol(allow(), deny())]}, "ExplicitDeny", caller=FED, federatingUser=USER)

# --- SCPs: one flat list is one level; some SCP must allow (§2.2 step 3) ---
evu("scp-several-one-allows-allow", "several SCPs in one level: one applicable Allow suffices",
    {"identity": [pol(allow())], "scp": [pol(allow(action="s3:*")), pol(allow(action="execute-api:*"))]}, "Allow")
evu("scp-several-none-allows-implicit", "several SCPs, none allows",
    {"identity": [pol(allow())], "scp": [pol(allow(action="s3:*")), pol(allow(action="iam:*"))]}, "ImplicitDeny")
evu("scp-deny-in-second-denies", "a Deny in any SCP wins over another SCP's Allow",
    {"identity": [pol(allow())], "scp": [pol(allow(action="*")), pol(deny(action="execute-api:*"))]}, "ExplicitDeny")
evu("scp-false-condition-implicit", "an SCP Allow whose condition is false does not allow",
    {"identity": [pol(allow())], "scp": [pol(allow(action="*", Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}))]}, "ImplicitDeny",
    context={"aws:RequestedRegion": "us-east-1"})
evu("scp-never-grants-implicit", "an SCP never grants by itself", {"identity": [], "scp": [pol(allow(action="*"))]}, "ImplicitDeny")
evu("scp-deny-notaction-denies", "SCP Deny+NotAction denies everything else",
    {"identity": [pol(allow())], "scp": [pol(allow(action="*"), {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"})]}, "ExplicitDeny")
evu("scp-limits-resource-grant-implicit", "an SCP limits a same-account resource-policy grant too",
    {"identity": [], "scp": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": USER})]}, "ImplicitDeny", resourceAccount=ACCT)
evu("scp-allows-resource-grant-allow", "…and lets it through when it allows",
    {"identity": [], "scp": [pol(allow(action="*"))], "resource": [grant({"AWS": USER})]}, "Allow", resourceAccount=ACCT)

# --- RCPs: Deny-only, Principal "*", resource's account (§2.2 step 2) ---
PERIMETER = pol({**deny(), "Principal": "*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCT}}})
evu("rcp-perimeter-cross-denies", "an RCP Deny on foreign principals denies a cross-account caller",
    {"identity": [pol(allow())], "resource": [grant({"AWS": OUT_USER})], "rcp": [PERIMETER]}, "ExplicitDeny",
    caller=OUT_USER, resourceAccount=ACCT, context={"aws:PrincipalAccount": OTHER})
evu("rcp-perimeter-same-allow", "…and does not touch the account's own caller",
    {"identity": [pol(allow())], "rcp": [PERIMETER]}, "Allow", resourceAccount=ACCT, context={"aws:PrincipalAccount": ACCT})
evu("rcp-perimeter-anonymous-denies", "…and denies an anonymous caller: the key is missing, so the negated operator holds",
    {"resource": [grant("*")], "rcp": [PERIMETER]}, "ExplicitDeny", caller="anonymous", resourceAccount=ACCT)
evu("rcp-deny-resource-grant-denies", "an RCP Deny wins over a resource-policy grant",
    {"identity": [], "resource": [grant({"AWS": USER})], "rcp": [pol({**deny(), "Principal": "*"})]}, "ExplicitDeny", resourceAccount=ACCT)
evu("rcp-deny-notaction-allow", "an RCP Deny+NotAction does not deny the excluded action",
    {"identity": [pol(allow())], "rcp": [pol({"Effect": "Deny", "Principal": "*", "NotAction": "execute-api:*", "Resource": "*"})]}, "Allow")
evu("rcp-deny-other-resource-allow", "an RCP Deny on another resource does not apply",
    {"identity": [pol(allow())], "rcp": [pol({**deny(resource="arn:aws:execute-api:*:*:other/*"), "Principal": "*"})]}, "Allow")

# --- Explicit deny in every layer wins over a resource-policy grant (§2.2 step 1) ---
evu("deny-boundary-over-user-grant-denies", "a boundary Deny wins over a same-account grant to the user",
    {"identity": [], "boundary": [pol(allow(action="*"), deny())], "resource": [grant({"AWS": USER})]}, "ExplicitDeny", resourceAccount=ACCT)
evu("deny-session-over-session-grant-denies", "a session-policy Deny wins over a grant to the exact session",
    {"identity": [], "session": [pol(deny())], "resource": [grant({"AWS": SESSION})]}, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("deny-identity-over-star-grant-denies", "an identity Deny wins over a grant to *",
    {"identity": [pol(deny())], "resource": [grant("*")]}, "ExplicitDeny", resourceAccount=ACCT)
evu("deny-scp-over-user-grant-denies", "an SCP Deny wins over a grant to the user",
    {"identity": [], "scp": [pol(allow(action="*"), deny())], "resource": [grant({"AWS": USER})]}, "ExplicitDeny", resourceAccount=ACCT)
evu("deny-resource-over-identity-denies", "a resource-policy Deny to * wins over identity Allows",
    {"identity": [pol(allow())], "resource": [rp(("*", "Deny"))]}, "ExplicitDeny", resourceAccount=ACCT)

# --- Same-account resource policies: role vs session and the rest of Table §2.3 ---
evu("rp-role-boundary-allows-allow", "a role-ARN grant passes when the boundary allows",
    {"identity": [], "boundary": [pol(allow())], "resource": [grant({"AWS": ROLE})]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-role-session-policy-allows-allow", "a role-ARN grant passes when the session policy allows",
    {"identity": [], "session": [pol(allow())], "resource": [grant({"AWS": ROLE})]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-role-other-path-allow", "a role-ARN grant matches account and role name only, not the path",
    {"identity": [], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:role/other/deployer"})]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-role-other-name-implicit", "a grant to another role does not cover this session",
    {"identity": [], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:role/reader"})]}, "ImplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("rp-role-other-account-implicit", "a grant to a same-named role in another account does not cover this session",
    {"identity": [], "resource": [grant({"AWS": f"arn:aws:iam::{OTHER}:role/deployer"})]}, "ImplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("rp-session-other-name-implicit", "a grant to another session of the role does not cover this one",
    {"identity": [], "resource": [grant({"AWS": f"arn:aws:sts::{ACCT}:assumed-role/deployer/build-43"})]}, "ImplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("rp-federated-exact-session-silent-allow", "a grant to the federated-user session ARN ignores a silent session policy",
    {"identity": [], "session": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": FED})]}, "Allow", caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("rp-federated-exact-boundary-silent-allow", "…and a silent boundary",
    {"identity": [], "boundary": [pol(allow(action="s3:*"))], "session": [pol(allow())], "resource": [grant({"AWS": FED})]}, "Allow",
    caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("rp-federating-user-boundary-limits-implicit", "a grant to the IAM user behind a federated session is limited by the boundary",
    {"identity": [], "boundary": [pol(allow(action="s3:*"))], "session": [pol(allow())], "resource": [grant({"AWS": USER})]}, "ImplicitDeny",
    caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("rp-star-session-policy-silent-allow", "a grant to * ignores a role session's silent session policy (§7)",
    {"identity": [], "session": [pol(allow(action="s3:*"))], "resource": [grant("*")]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-star-boundary-silent-session-allow", "a grant to * ignores a role session's silent boundary",
    {"identity": [], "boundary": [pol(allow(action="s3:*"))], "resource": [grant("*")]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-star-federated-allow", "a grant to * stands alone for a federated-user session",
    {"identity": [], "session": [pol(allow(action="s3:*"))], "resource": [grant("*")]}, "Allow", caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("rp-aws-star-allow", "{\"AWS\": \"*\"} is the same as *", {"identity": [], "resource": [grant({"AWS": "*"})]}, "Allow", resourceAccount=ACCT)
evu("rp-account-boundary-silent-implicit", "account delegation: the boundary must allow as well",
    {"identity": [pol(allow())], "boundary": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": ACCT})]}, "ImplicitDeny", resourceAccount=ACCT)
evu("rp-account-session-allow", "account delegation covers a role session whose identity policies allow",
    {"identity": [pol(allow())], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:root"})]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("rp-principal-list-or-allow", "principal values OR",
    {"identity": [], "resource": [grant({"AWS": [OUT_USER, USER]})]}, "Allow", resourceAccount=ACCT)
evu("rp-user-name-case-implicit", "user names in Principal are case-sensitive",
    {"identity": [], "resource": [grant({"AWS": f"arn:aws:iam::{ACCT}:user/Alice"})]}, "ImplicitDeny", resourceAccount=ACCT)
evu("rp-service-principal-implicit", "a service principal does not match an IAM user",
    {"identity": [], "resource": [grant({"Service": "apigateway.amazonaws.com"})]}, "ImplicitDeny", resourceAccount=ACCT)
evu("rp-false-condition-implicit", "a resource-policy Allow whose condition is false does not grant",
    {"identity": [], "resource": [rps({"Effect": "Allow", "Principal": {"AWS": USER}, "Condition": {"Bool": {"aws:SecureTransport": "true"}}})]}, "ImplicitDeny",
    resourceAccount=ACCT, context={"aws:SecureTransport": "false"})
evu("rp-other-action-implicit", "a resource-policy Allow for another action does not grant",
    {"identity": [], "resource": [pol({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": "execute-api:InvalidateCache", "Resource": "*"})]}, "ImplicitDeny",
    resourceAccount=ACCT)
evu("rp-other-resource-implicit", "a resource-policy Allow for another resource does not grant",
    {"identity": [], "resource": [pol({"Effect": "Allow", "Principal": {"AWS": USER}, "Action": INV, "Resource": "arn:aws:execute-api:*:*:abc123/test/*"})]},
    "ImplicitDeny", resourceAccount=ACCT)
evu("rp-deny-role-covers-session-denies", "a resource-policy Deny naming the role ARN covers its sessions",
    {"identity": [pol(allow())], "resource": [rp(({"AWS": ROLE}, "Deny"))]}, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)
SRC_IP = rps({"Effect": "Allow", "Principal": "*"}, {"Effect": "Deny", "Principal": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})
evu("rp-ip-allowlist-outside-denies", "resource-policy IP allow-list: an address outside denies",
    {"resource": [SRC_IP]}, "ExplicitDeny", caller="anonymous", resourceAccount=ACCT, context={"aws:SourceIp": "192.0.2.1"})
evu("rp-ip-allowlist-inside-allow", "…an address inside is allowed",
    {"resource": [SRC_IP]}, "Allow", caller="anonymous", resourceAccount=ACCT, context={"aws:SourceIp": "10.1.1.1"})
VPCE = rps({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}})
evu("rp-vpce-present-allow", "a grant conditioned on aws:SourceVpce: the right endpoint",
    {"resource": [VPCE]}, "Allow", caller="anonymous", resourceAccount=ACCT, context={"aws:SourceVpce": "vpce-1a2b3c"})
evu("rp-vpce-absent-implicit", "…and no endpoint (key absent) does not grant",
    {"resource": [VPCE]}, "ImplicitDeny", caller="anonymous", resourceAccount=ACCT, context={"aws:SourceIp": "192.0.2.1"})

# --- Anonymous callers: only "*" and NotPrincipal match them (§1.2, §6.3) ---
evu("anonymous-user-grant-implicit", "an anonymous caller is not a named user",
    {"resource": [grant({"AWS": USER})]}, "ImplicitDeny", caller="anonymous", resourceAccount=ACCT)
evu("anonymous-aws-star-allow", "{\"AWS\": \"*\"} admits anonymous callers too",
    {"resource": [grant({"AWS": "*"})]}, "Allow", caller="anonymous", resourceAccount=ACCT)
evu("anonymous-star-deny-denies", "a Deny to * applies to anonymous callers",
    {"resource": [rp(("*", "Allow"), ("*", "Deny"))]}, "ExplicitDeny", caller="anonymous", resourceAccount=ACCT)

# --- NotPrincipal: only the exact identity exempts (§1.2) ---
def np_deny(*principals):
    return pol({"Effect": "Allow", "Principal": "*", "Action": INV, "Resource": "*"},
               {"Effect": "Deny", "NotPrincipal": {"AWS": list(principals)}, "Action": INV, "Resource": "*"})
evu("notprincipal-all-three-exempt-allow", "NotPrincipal listing account, role and session exempts that session",
    {"identity": [], "resource": [np_deny(f"arn:aws:iam::{ACCT}:root", ROLE, SESSION)]}, "Allow", caller=SESSION, resourceAccount=ACCT)
evu("notprincipal-account-only-denies", "listing only the account does not exempt its user",
    {"identity": [pol(allow())], "resource": [np_deny(ACCT)]}, "ExplicitDeny", resourceAccount=ACCT)
evu("notprincipal-anonymous-denies", "NotPrincipal denies anonymous callers (not listed)",
    {"resource": [np_deny(USER)]}, "ExplicitDeny", caller="anonymous", resourceAccount=ACCT)
evu("notprincipal-federated-exempt-allow", "the exact federated-user session ARN, with its account, is exempt",
    {"identity": [], "resource": [np_deny(ACCT, FED)]}, "Allow", caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("notprincipal-federated-without-account-denies", "a federated-user session listed without its account is not exempt (NotPrincipal page)",
    {"identity": [], "resource": [np_deny(FED)]}, "ExplicitDeny", caller=FED, federatingUser=USER, resourceAccount=ACCT)
evu("notprincipal-session-without-role-denies", "a session listed with its account but not its role is not exempt: account, then role, then session (NotPrincipal page)",
    {"identity": [], "resource": [np_deny(f"arn:aws:iam::{ACCT}:root", SESSION)]}, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("notprincipal-session-without-account-denies", "a session listed with its role but not its account is not exempt (NotPrincipal page)",
    {"identity": [], "resource": [np_deny(ROLE, SESSION)]}, "ExplicitDeny", caller=SESSION, resourceAccount=ACCT)
evu("notprincipal-boundary-always-denies", "a NotPrincipal Deny always denies a principal with a permissions boundary, whatever it lists (Permissions boundaries page)",
    {"identity": [pol(allow())], "boundary": [pol(allow())], "resource": [np_deny(ACCT, USER)]}, "ExplicitDeny", resourceAccount=ACCT)
evu("notprincipal-no-boundary-exempt-allow", "…the same listing exempts the principal without a boundary",
    {"identity": [pol(allow())], "resource": [np_deny(ACCT, USER)]}, "Allow", resourceAccount=ACCT)

# --- The account root user: implicit full access in its own account (§2.2) ---
ROOT_USER = f"arn:aws:iam::{ACCT}:root"
OUT_ROOT_USER = f"arn:aws:iam::{OTHER}:root"
evu("root-same-account-no-policy-allow", "the root user has full access in its own account without an identity policy (Policy evaluation logic)",
    {"identity": []}, "Allow", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-same-account-identity-deny-denies", "an explicit Deny still applies to the root user",
    {"identity": [pol(deny())]}, "ExplicitDeny", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-same-account-resource-deny-denies", "a resource-policy Deny naming the account applies to the root user",
    {"identity": [], "resource": [rps({"Effect": "Deny", "Principal": {"AWS": ACCT}})]}, "ExplicitDeny", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-scp-silent-implicit", "an SCP in force without an applicable Allow limits the root user too",
    {"identity": [], "scp": [pol(allow(action="s3:*"))]}, "ImplicitDeny", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-scp-deny-denies", "an SCP Deny applies to the root user",
    {"identity": [], "scp": [pol(allow(action="*"), deny())]}, "ExplicitDeny", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-rcp-deny-denies", "an RCP Deny applies to the root user",
    {"identity": [], "rcp": [pol({"Effect": "Deny", "Principal": "*", "Action": INV, "Resource": "*"})]}, "ExplicitDeny", caller=ROOT_USER, resourceAccount=ACCT)
evu("root-cross-account-no-resource-policy-implicit", "another account's root user needs the resource policy",
    {"identity": []}, "ImplicitDeny", caller=OUT_ROOT_USER, resourceAccount=ACCT)
evu("root-cross-account-granted-allow", "…and a resource-policy Allow naming its account admits it",
    {"identity": [], "resource": [grant({"AWS": OTHER})]}, "Allow", caller=OUT_ROOT_USER, resourceAccount=ACCT)
evu("notprincipal-user-case-denies", "a user name differing in case does not exempt",
    {"identity": [pol(allow())], "resource": [np_deny(f"arn:aws:iam::{ACCT}:user/Alice")]}, "ExplicitDeny", resourceAccount=ACCT)

# --- Cross-account: both accounts must allow (§2.4) ---
evu("cross-role-grant-allow", "cross-account: a role-ARN grant plus the session's identity policy",
    {"identity": [pol(allow())], "resource": [grant({"AWS": OUT_ROLE})]}, "Allow", caller=OUT_SESSION, resourceAccount=ACCT)
evu("cross-session-grant-allow", "cross-account: an exact-session grant plus identity",
    {"identity": [pol(allow())], "resource": [grant({"AWS": OUT_SESSION})]}, "Allow", caller=OUT_SESSION, resourceAccount=ACCT)
evu("cross-session-grant-session-silent-implicit", "cross-account: the caller's session policy must allow even for an exact-session grant",
    {"identity": [pol(allow())], "session": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": OUT_SESSION})]}, "ImplicitDeny",
    caller=OUT_SESSION, resourceAccount=ACCT)
evu("cross-star-grant-allow", "cross-account: a grant to * plus identity",
    {"identity": [pol(allow())], "resource": [grant("*")]}, "Allow", caller=OUT_USER, resourceAccount=ACCT)
evu("cross-star-grant-no-identity-implicit", "cross-account: a grant to * alone is not enough",
    {"identity": [], "resource": [grant("*")]}, "ImplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
evu("cross-root-grant-allow", "cross-account: a grant to the caller's account root plus identity",
    {"identity": [pol(allow())], "resource": [grant({"AWS": f"arn:aws:iam::{OTHER}:root"})]}, "Allow", caller=OUT_USER, resourceAccount=ACCT)
evu("cross-other-account-grant-implicit", "cross-account: a grant to a third account does not apply",
    {"identity": [pol(allow())], "resource": [grant({"AWS": "999988887777"})]}, "ImplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
evu("cross-boundary-silent-implicit", "cross-account: the caller's boundary must allow",
    {"identity": [pol(allow())], "boundary": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": OUT_USER})]}, "ImplicitDeny",
    caller=OUT_USER, resourceAccount=ACCT)
evu("cross-scp-silent-implicit", "cross-account: the caller's SCPs must allow",
    {"identity": [pol(allow())], "scp": [pol(allow(action="s3:*"))], "resource": [grant({"AWS": OUT_USER})]}, "ImplicitDeny",
    caller=OUT_USER, resourceAccount=ACCT)
evu("cross-identity-deny-denies", "cross-account: a Deny in the caller's identity policy",
    {"identity": [pol(allow(), deny())], "resource": [grant({"AWS": OUT_USER})]}, "ExplicitDeny", caller=OUT_USER, resourceAccount=ACCT)
evu("cross-resource-deny-denies", "cross-account: a resource-policy Deny naming the caller",
    {"identity": [pol(allow())], "resource": [rp(({"AWS": OTHER}, "Allow"), ({"AWS": OUT_USER}, "Deny"))]}, "ExplicitDeny",
    caller=OUT_USER, resourceAccount=ACCT)
evu("cross-inferred-from-arns-implicit", "without resourceAccount the accounts come from the ARNs: cross-account, no resource policy",
    {"identity": [pol(allow())]}, "ImplicitDeny", caller=OUT_USER)
evu("same-inferred-from-arns-allow", "…and the same account when they agree",
    {"identity": [pol(allow())]}, "Allow", caller=USER)

# --- execute-api invoke ARNs (§6.1) ---
evu("execapi-root-only-root-allow", "…/GET/ matches the root resource",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/")), "Allow", resource=ROOT)
evu("execapi-get-star-root-allow", "…/GET/* matches the root too",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/*")), "Allow", resource=ROOT)
evu("execapi-get-star-nested-allow", "…/GET/* matches nested paths",
    idp(allow(resource="arn:aws:execute-api:*:*:abc123/prod/GET/*")), "Allow", resource=R + "/42")
evu("execapi-all-allow", "arn:aws:execute-api:*:*:* matches any API anywhere",
    idp(allow(resource="arn:aws:execute-api:*:*:*")), "Allow", resource="arn:aws:execute-api:eu-west-1:111122223333:xyz789/dev/POST/orders")
evu("execapi-region-allow", "…:us-east-1:*:* matches APIs in that region",
    idp(allow(resource="arn:aws:execute-api:us-east-1:*:*")), "Allow")
evu("execapi-region-other-implicit", "…and not in another region",
    idp(allow(resource="arn:aws:execute-api:us-east-1:*:*")), "ImplicitDeny", resource="arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/pets")
evu("execapi-api-star-allow", "…:{api-id}/* matches every stage, method and path of the API",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*")), "Allow", resource="arn:aws:execute-api:us-east-1:111122223333:abc123/test/DELETE/a/b")
evu("execapi-api-star-other-api-implicit", "…and not another API",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*")), "ImplicitDeny", resource="arn:aws:execute-api:us-east-1:111122223333:xyz789/prod/GET/pets")
evu("execapi-api-star-prefix-id-implicit", "…nor an API whose id merely starts with it",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*")), "ImplicitDeny", resource="arn:aws:execute-api:us-east-1:111122223333:abc1234/prod/GET/pets")
evu("execapi-stage-test-allow", "…:{api-id}/test/* matches the test stage",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/test/*")), "Allow", resource="arn:aws:execute-api:us-east-1:111122223333:abc123/test/GET/pets")
evu("execapi-stage-test-prod-implicit", "…and not prod",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/test/*")), "ImplicitDeny")
evu("execapi-any-stage-pets-allow", "…/*/GET/pets matches any stage",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*/GET/pets")), "Allow", resource="arn:aws:execute-api:us-east-1:111122223333:abc123/beta/GET/pets")
evu("execapi-any-stage-pets-nested-implicit", "…but not a deeper path",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*/GET/pets")), "ImplicitDeny", resource=R + "/42")
evu("execapi-any-stage-pets-post-implicit", "…nor another method",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*/GET/pets")), "ImplicitDeny", resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/POST/pets")
evu("execapi-any-method-allow", "a * method matches any verb",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*/pets")), "Allow", resource="arn:aws:execute-api:us-east-1:111122223333:abc123/prod/DELETE/pets")
evu("execapi-star-spans-slash-allow", "a single * spans stage and method (whole-string glob)",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:abc123/*/pets")), "Allow")
evu("execapi-websocket-route-allow", "a WebSocket route key ARN",
    idp(allow(resource="arn:aws:execute-api:us-east-1:111122223333:ws1/prod/$connect")), "Allow", resource="arn:aws:execute-api:us-east-1:111122223333:ws1/prod/$connect")
evu("execapi-invalidate-cache-allow", "execute-api:InvalidateCache is its own action",
    idp(allow(action="execute-api:InvalidateCache")), "Allow", action="execute-api:InvalidateCache")

# --- apigateway management ARNs: empty account, serving account (§6.2, §2.4) ---
MGMT = "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod"
evu("mgmt-empty-account-allow", "management ARNs have an empty account",
    idp(allow(action="apigateway:GET", resource="arn:aws:apigateway:us-east-1::/restapis/*")), "Allow", action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-with-account-implicit", "a pattern with an account does not match the empty account",
    idp(allow(action="apigateway:GET", resource="arn:aws:apigateway:us-east-1:111122223333:/restapis/*")), "ImplicitDeny",
    action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-any-region-stage-allow", "a region wildcard and a stage wildcard",
    idp(allow(action="apigateway:GET", resource="arn:aws:apigateway:*::/restapis/abc123/stages/*")), "Allow", action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-verb-mismatch-implicit", "apigateway:PATCH does not cover apigateway:GET",
    idp(allow(action="apigateway:PATCH", resource="*")), "ImplicitDeny", action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-verb-case-allow", "management actions are case-insensitive", idp(allow(action="APIGateway:get", resource="*")), "Allow",
    action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-apikeys-allow", "an apikeys pattern", idp(allow(action="apigateway:*", resource="arn:aws:apigateway:*::/apikeys/*")), "Allow",
    action="apigateway:DELETE", resource="arn:aws:apigateway:us-east-1::/apikeys/k1", resourceAccount=ACCT)
evu("mgmt-apikeys-not-restapis-implicit", "…does not cover restapis", idp(allow(action="apigateway:*", resource="arn:aws:apigateway:*::/apikeys/*")), "ImplicitDeny",
    action="apigateway:GET", resource=MGMT, resourceAccount=ACCT)
evu("mgmt-usageplan-keys-other-plan-implicit", "a usage plan's keys pattern does not cover another plan",
    idp(allow(action="apigateway:*", resource="arn:aws:apigateway:us-east-1::/usageplans/up1/keys/*")), "ImplicitDeny",
    action="apigateway:GET", resource="arn:aws:apigateway:us-east-1::/usageplans/up2/keys/k1", resourceAccount=ACCT)
evu("mgmt-v2-routes-allow", "HTTP/WebSocket API (v2) route ARNs",
    idp(allow(action="apigateway:PATCH", resource="arn:aws:apigateway:us-east-1::/apis/a1/routes/*")), "Allow",
    action="apigateway:PATCH", resource="arn:aws:apigateway:us-east-1::/apis/a1/routes/r1", resourceAccount=ACCT)
evu("mgmt-cross-account-implicit", "an empty-account ARN belongs to the serving account: a foreign caller's identity alone is not enough",
    idp(allow(action="apigateway:GET", resource="*")), "ImplicitDeny", action="apigateway:GET", resource=MGMT, caller=OUT_USER, resourceAccount=ACCT)

ids = [c["id"] for c in cond_cases] + [c["id"] for c in eval_cases]
assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})

# --- Linter: known-bad documents, each expecting exactly its warning codes (reference/iam.md §1.3) ---
lint_cases = []
def lc(id, why, document, codes, kind="identity", raw=False):
    text = document if raw else json.dumps(document, indent=2)
    lint_cases.append({"id": id, "why": why, "kind": kind, "document": text, "expect": sorted(codes)})

V = "2012-10-17"
OK_STMT = {"Sid": "Invoke", "Effect": "Allow", "Action": "execute-api:Invoke",
           "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/*"}
lc("clean", "a scoped invoke policy has no findings", {"Version": V, "Statement": [OK_STMT]}, [])
lc("missing-version", "no Version means 2008-10-17", {"Statement": [OK_STMT]}, ["IAM101"])
lc("variables-need-version", "variables without 2012-10-17 are literal text",
   {"Statement": [{**OK_STMT, "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/${aws:username}"}]},
   ["IAM101", "IAM102"])
lc("sid-characters", "Sids are alphanumeric", {"Version": V, "Statement": [{**OK_STMT, "Sid": "invoke-prod"}]}, ["IAM103"])
lc("duplicate-sid", "Sids are unique", {"Version": V, "Statement": [OK_STMT, {**OK_STMT, "Action": "execute-api:InvalidateCache"}]}, ["IAM104"])
lc("id-in-identity", "identity policies have no Id", {"Version": V, "Id": "x", "Statement": [OK_STMT]}, ["IAM105"])
lc("id-in-resource-ok", "resource policies may have an Id",
   {"Version": V, "Id": "x", "Statement": [{**OK_STMT, "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}, [], kind="resource")
lc("type-mismatch-sourceip", "StringEquals on aws:SourceIp never matches a range",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"StringEquals": {"aws:SourceIp": "10.0.0.0/8"}}}]}, ["IAM106"])
lc("type-mismatch-bool", "NumericEquals on a boolean key",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"NumericEquals": {"aws:SecureTransport": "1"}}}]}, ["IAM106"])
lc("type-match-arn-string", "String operators may compare ARN keys",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci-*"}}}]}, [])
lc("unknown-global-key", "a misspelled aws: key",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"IpAddress": {"aws:SourceIP4": "10.0.0.0/8"}}}]}, ["IAM107"])
lc("service-key-not-judged", "keys of other services are not judged",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"StringEquals": {"s3:prefix": "home/"}}}]}, [])
lc("unknown-action", "execute-api has no Invoek action", {"Version": V, "Statement": [{**OK_STMT, "Action": "execute-api:Invoek"}]}, ["IAM108"])
lc("qualifier-single-valued", "ForAnyValue on aws:username",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"ForAnyValue:StringEquals": {"aws:username": "alice"}}}]}, ["IAM109"])
lc("forallvalues-in-allow", "ForAllValues in an Allow is true for a missing key",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}}]}, ["IAM110"])
lc("forallvalues-in-deny-ok", "ForAllValues in a Deny is not flagged",
   {"Version": V, "Statement": [{**OK_STMT, "Effect": "Deny", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}}]}, [])
lc("allow-notaction", "Allow with NotAction grants everything else",
   {"Version": V, "Statement": [{"Sid": "A", "Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b/*"}]}, ["IAM111"])
lc("deny-notresource-ok", "Deny with NotResource is the documented pattern",
   {"Version": V, "Statement": [OK_STMT, {"Sid": "D", "Effect": "Deny", "Action": "execute-api:Invoke",
    "NotResource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*"}]}, [])
lc("allow-all", "Allow * on *", {"Version": V, "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}]}, ["IAM112"])
lc("allow-all-conditioned-ok", "Allow * on * limited by a condition is not flagged",
   {"Version": V, "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}, [])
lc("notprincipal-without-account", "NotPrincipal must name the account too",
   {"Version": V, "Statement": [{"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
    "Action": "execute-api:Invoke", "Resource": "*"}]}, ["IAM113"], kind="resource")
lc("notprincipal-with-account", "…and with it there is no finding",
   {"Version": V, "Statement": [{"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice",
    "arn:aws:iam::111122223333:root"]}, "Action": "execute-api:Invoke", "Resource": "*"}]}, [], kind="resource")
lc("unsubstituted-in-action", "variables are not substituted in actions",
   {"Version": V, "Statement": [{**OK_STMT, "Action": "execute-api:${aws:username}"}]}, ["IAM114"])
lc("unsubstituted-in-arn-head", "variables are substituted only after the fifth colon",
   {"Version": V, "Statement": [{**OK_STMT, "Resource": "arn:aws:execute-api:${aws:RequestedRegion}:111122223333:abc123/*"}]}, ["IAM114"])
lc("resource-crosses-colon", "a short ARN pattern relies on * crossing :",
   {"Version": V, "Statement": [{**OK_STMT, "Resource": "arn:aws:execute-api:*"}]}, ["IAM115"])
lc("wildcard-service", "a wildcard service segment", {"Version": V, "Statement": [{**OK_STMT, "Resource": "arn:aws:*:us-east-1:111122223333:abc123/*"}]}, ["IAM116"])
big = [{**OK_STMT, "Sid": f"S{i}", "Resource": f"arn:aws:execute-api:us-east-1:111122223333:api{i:04d}/prod/GET/items/*"} for i in range(60)]
lc("size-limit", "a managed policy holds 6,144 characters without whitespace", {"Version": V, "Statement": big}, ["IAM117"])
lc("size-limit-resource-ok", "the same document fits an API Gateway resource policy (8,192)",
   {"Version": V, "Statement": [{**st, "Principal": "*"} for st in big[:45]]}, [], kind="resource")
lc("non-canonical-operator", "operators in AWS's spelling", {"Version": V, "Statement": [{**OK_STMT, "Condition": {"ipaddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}, ["IAM118"])
lc("redundant", "an Allow covered by an unconditional Allow",
   {"Version": V, "Statement": [{**OK_STMT, "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/*"}, {**OK_STMT, "Sid": "Again"}]}, ["IAM119"])
lc("shadowed", "an Allow covered by an unconditional Deny never grants",
   {"Version": V, "Statement": [OK_STMT, {"Sid": "NoProd", "Effect": "Deny", "Action": "execute-api:*",
    "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*"}]}, ["IAM120"])
lc("conditioned-deny-does-not-shadow", "a Deny with a condition does not shadow",
   {"Version": V, "Statement": [OK_STMT, {"Sid": "NoProd", "Effect": "Deny", "Action": "execute-api:*",
    "Resource": "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}, [])
lc("error-unknown-key", "grammar errors carry their load code", '{"Version": "2012-10-17", "Statment": []}', ["IAM004"], raw=True)
lc("error-bad-json", "invalid JSON", '{"Version": ', ["IAM001"], raw=True)
lc("error-bad-operator", "an unknown operator is a load error",
   {"Version": V, "Statement": [{**OK_STMT, "Condition": {"StringEqualz": {"aws:username": "a"}}}]}, ["IAM008"])
(HERE / "lint-cases.json").write_text(json.dumps(lint_cases, indent=1, ensure_ascii=False) + "\n")
print(len(lint_cases), "lint cases")

(HERE / "evaluation-cases.json").write_text(json.dumps(eval_cases, indent=1, ensure_ascii=False) + "\n")
(HERE / "condition-cases.json").write_text(json.dumps(cond_cases, indent=1, ensure_ascii=False) + "\n")
(HERE / "load-cases.json").write_text(json.dumps(load, indent=1, ensure_ascii=False) + "\n")
(HERE / "glob-cases.json").write_text(json.dumps(glob, indent=1, ensure_ascii=False) + "\n")
print(len(load), "load cases,", len(glob), "glob cases,", len(cond_cases), "condition cases,", len(eval_cases), "evaluation cases")

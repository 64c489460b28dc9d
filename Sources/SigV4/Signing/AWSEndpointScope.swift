/// The service and region an AWS endpoint's host name implies, for signers that are handed a
/// URL and no scope (`gatehouse sign https://abc.execute-api.eu-west-1.amazonaws.com/…`).
///
/// Inference only reads host shapes AWS documents; anything else (`localhost`, an IP address, a
/// custom domain, an emulator) gives `nil`, and the caller must be told the service. The shapes:
/// - `{service}.{region}.{partition}` and `{service}.{partition}` (a global endpoint, signed for
///   the partition's home region: `sts.amazonaws.com` → us-east-1, `iam.us-gov.amazonaws.com`
///   → us-gov-west-1), with `-fips` service labels and `dualstack` labels ignored;
/// - partitions `amazonaws.com`, `amazonaws.com.cn`, `api.aws` (dual-stack),
///   `api.amazonwebservices.com.cn`, `amazonaws.eu`, `c2s.ic.gov`, `sc2s.sgov.gov`;
/// - `{api}.execute-api.{region}…` (VPC endpoints too), `{id}.lambda-url.{region}.on.aws`;
/// - `{domain}.{region}.es` and `{collection}.{region}.aoss` (region before service);
/// - S3 and its relatives, found from the right so bucket names (which may look like anything)
///   never count: `s3`, legacy `s3-{region}` and `s3-external-1`, `s3-website-{region}` and
///   `s3-website.{region}`, `s3-fips`, `s3-accesspoint`, `s3-control` (all signed as `s3`),
///   `s3-object-lambda`, `s3-outposts`, and S3 Express `s3express-…` (`s3express`).
public struct AWSEndpointScope: Sendable, Hashable, CustomStringConvertible {
    /// The signing name (`execute-api`, `s3`, `sts`, …).
    public var service: String
    /// The region, or `nil` when the host names none and the service has no home region.
    public var region: String?

    public init(service: String, region: String?) {
        self.service = service
        self.region = region
    }

    public var description: String { "\(service)/\(region ?? "-")" }

    /// The scope `host` implies (a host name without port; any case; a trailing dot allowed).
    /// Every label must be letters, digits and hyphens (ASCII; `xn--` for other scripts), so
    /// userinfo (`user@sts…`), a port, or a character that only lowercases to ASCII (the Kelvin
    /// sign to `k`) never yields a scope.
    public static func infer(host: String) -> AWSEndpointScope? {
        guard
            host.utf8.allSatisfy({ byte in
                byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            })
        else { return nil }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.allSatisfy({ !$0.isEmpty }),
            let partition = partitions.first(where: {
                labels.count > $0.suffix.count && labels.suffix($0.suffix.count) == $0.suffix[...]
            })
        else { return nil }
        let rest = labels.dropLast(partition.suffix.count).filter { $0 != "dualstack" }
        guard !rest.isEmpty else { return nil }
        func region(after index: Int) -> String? {
            index + 1 < rest.count && isRegion(rest[index + 1]) ? rest[index + 1] : nil
        }
        if let index = rest.lastIndex(of: "lambda-url") {
            return AWSEndpointScope(service: "lambda", region: region(after: index))
        }
        if let index = rest.lastIndex(of: "execute-api") {
            return AWSEndpointScope(service: "execute-api", region: region(after: index))
        }
        if let index = rest.lastIndex(where: isS3Label) {
            let (service, named) = s3(rest[index])
            return AWSEndpointScope(service: service, region: named ?? region(after: index) ?? partition.home)
        }
        if let index = rest.lastIndex(where: isRegion) {
            if index == rest.count - 1 {
                guard index > 0 else { return nil }
                return AWSEndpointScope(service: signingName(rest[index - 1]), region: rest[index])
            }
            // `{domain}.{region}.es`, `{collection}.{region}.aoss`: the service follows.
            return AWSEndpointScope(service: signingName(rest[index + 1]), region: rest[index])
        }
        if rest.count >= 2, rest[rest.count - 1] == "us-gov" {
            return AWSEndpointScope(service: signingName(rest[rest.count - 2]), region: "us-gov-west-1")
        }
        return AWSEndpointScope(service: signingName(rest[rest.count - 1]), region: partition.home)
    }

    /// Partition suffixes, longest first, with the region a global endpoint there signs for.
    private static let partitions: [(suffix: [String], home: String?)] = [
        (["api", "amazonwebservices", "com", "cn"], "cn-north-1"),
        (["amazonaws", "com", "cn"], "cn-north-1"),
        (["sc2s", "sgov", "gov"], "us-isob-east-1"),
        (["c2s", "ic", "gov"], "us-iso-east-1"),
        (["amazonaws", "com"], "us-east-1"),
        (["amazonaws", "eu"], "eusc-de-east-1"),
        (["api", "aws"], "us-east-1"),
        (["on", "aws"], nil),
    ]

    /// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`: two to
    /// four letters, one or more lettered parts, a number.
    static func isRegion(_ label: String) -> Bool {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, (2...4).contains(parts[0].count), let number = parts.last, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts.dropLast().allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isLetter } }
    }

    private static func isS3Label(_ label: String) -> Bool {
        label == "s3" || label.hasPrefix("s3-") || label.hasPrefix("s3express")
    }

    /// The signing name and any region an S3 label carries.
    private static func s3(_ label: String) -> (service: String, region: String?) {
        if label.hasPrefix("s3express") { return ("s3express", nil) }
        if label.hasPrefix("s3-object-lambda") { return ("s3-object-lambda", nil) }
        if label == "s3-outposts" { return ("s3-outposts", nil) }
        if label == "s3-external-1" { return ("s3", "us-east-1") }
        for prefix in ["s3-website-", "s3-fips-", "s3-"] where label.hasPrefix(prefix) {
            let rest = String(label.dropFirst(prefix.count))
            if isRegion(rest) { return ("s3", rest) }
        }
        return ("s3", nil)
    }

    /// A host label as a signing name: `-fips` dropped, and the few endpoints whose signing name
    /// differs from their host label.
    private static func signingName(_ label: String) -> String {
        let name = label.hasSuffix("-fips") ? String(label.dropLast(5)) : label
        switch name {
        case "email": return "ses"
        case "appsync-api": return "appsync"
        default: return name
        }
    }
}

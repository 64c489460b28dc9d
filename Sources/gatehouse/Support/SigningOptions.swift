import ArgumentParser
import SigV4

/// Options every signing command shares: scope, credentials and the SigV4 variant.
struct SigningOptions: ParsableArguments {
    @Option(
        help:
            "The service in the credential scope (`execute-api`, `s3`, `lambda`, …). Inferred from AWS endpoint hosts (*.amazonaws.com, *.amazonaws.com.cn, *.api.aws, …); required for any other host."
    )
    var service: String?

    @Option(
        help:
            "The region to sign for. Default: inferred from an AWS host, else AWS_REGION, AWS_DEFAULT_REGION, the profile."
    )
    var region: String?

    @Option(help: "A profile from ~/.aws/credentials or ~/.aws/config (overrides AWS_* variables).")
    var profile: String?

    @Flag(help: "Sign with SigV4a (AWS4-ECDSA-P256-SHA256), valid in a set of regions.")
    var sigv4a = false

    @Option(
        name: .customLong("region-set"),
        help: "SigV4a region set, comma-separated (`us-east-1,us-west-2`, `*`). Default: the region."
    )
    var regionSet: String?

    @Flag(help: "Presign: put the signature in the query string instead of the Authorization header.")
    var presign = false

    @Option(
        help: "Presigned URL lifetime in seconds (7 days at most). \(OptionRange.expires.help)",
        transform: OptionRange.expires.parse
    )
    var expires: Int = 900

    @Flag(
        name: .customLong("unsigned-payload"),
        help: "Sign the payload as UNSIGNED-PAYLOAD instead of hashing the body."
    )
    var unsignedPayload = false

    @Flag(help: "S3 rules: no path normalization, single URI encoding, a signed x-amz-content-sha256.")
    var s3 = false

    @Flag(
        name: .customLong("unsigned-session-token"),
        help: "Send the session token without signing it (some services require this)."
    )
    var unsignedSessionToken = false

    @Option(help: "Sign as of this time (ISO 8601, e.g. 2026-01-15T10:00:00Z). Default: now.")
    var timestamp: String?

    /// Builds a signer for a request to `host`.
    func signer(host: String) throws -> SigV4Signer {
        let inferred = AWSEndpointScope.infer(host: host)
        let resolver = CredentialResolver()
        let service = self.service ?? (s3 ? "s3" : inferred?.service)
        guard let service else {
            throw CLIError(
                "cannot tell the service from `\(host)`: pass --service (for API Gateway: --service execute-api)"
            )
        }
        let region = try resolver.resolveRegion(explicit: self.region ?? inferred?.region, profile: profile)
        let scopeRegion: String
        if sigv4a {
            scopeRegion = regionSet ?? region ?? "*"
        } else {
            guard let region else {
                throw CLIError("no region: pass --region, set AWS_REGION, or add `region` to your profile")
            }
            scopeRegion = region
        }
        if regionSet != nil && !sigv4a { throw CLIError("--region-set needs --sigv4a") }
        let resolved = try resolver.resolveCredentials(profile: profile)
        let location: SigningConfiguration.Location = presign ? .query(expiresIn: expires) : .header
        var configuration: SigningConfiguration
        if s3 || service == "s3" || service == "s3-express" || service == "s3-outposts" {
            configuration = .s3(
                region: scopeRegion,
                service: service,
                algorithm: sigv4a ? .sigV4a : .sigV4,
                location: location,
                unsignedPayload: unsignedPayload
            )
        } else {
            configuration = SigningConfiguration(
                region: scopeRegion,
                service: service,
                algorithm: sigv4a ? .sigV4a : .sigV4,
                location: location,
                payloadSigning: unsignedPayload ? .unsignedPayload : .hashBody
            )
        }
        configuration.sessionTokenPlacement = unsignedSessionToken ? .unsigned : .signed
        return try SigV4Signer(credentials: resolved.credentials, configuration: configuration)
    }

    func date() throws -> AmzDate {
        try WallClock.parse(timestamp, option: "--timestamp")
    }
}

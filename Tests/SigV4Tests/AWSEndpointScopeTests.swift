import SigV4
import Testing

@Suite("Service and region from an AWS host name")
struct AWSEndpointScopeTests {
    /// Host → `service/region` (`-` for no region), or `nil` for hosts that imply nothing.
    @Test(arguments: [
        // API Gateway, Lambda function URLs
        ("abc123.execute-api.us-east-1.amazonaws.com", "execute-api/us-east-1"),
        ("ABC123.Execute-Api.EU-WEST-1.amazonaws.com.", "execute-api/eu-west-1"),
        ("vpce-0a1b-c2d3.execute-api.us-east-1.vpce.amazonaws.com", "execute-api/us-east-1"),
        ("abc.execute-api.cn-north-1.amazonaws.com.cn", "execute-api/cn-north-1"),
        ("abc.execute-api.amazonaws.com", "execute-api/-"),
        ("fn123.lambda-url.eu-central-1.on.aws", "lambda/eu-central-1"),
        // global and regional endpoints, fips, dual-stack, partitions
        ("sts.amazonaws.com", "sts/us-east-1"),
        ("iam.amazonaws.com", "iam/us-east-1"),
        ("iam.us-gov.amazonaws.com", "iam/us-gov-west-1"),
        ("sts.eu-west-2.amazonaws.com", "sts/eu-west-2"),
        ("sts-fips.us-east-1.amazonaws.com", "sts/us-east-1"),
        ("kms-fips.us-gov-west-1.amazonaws.com", "kms/us-gov-west-1"),
        ("ec2.us-east-1.api.aws", "ec2/us-east-1"),
        ("ec2-fips.us-west-2.api.aws", "ec2/us-west-2"),
        ("ec2.dualstack.us-east-1.amazonaws.com", "ec2/us-east-1"),
        ("lambda.cn-northwest-1.amazonaws.com.cn", "lambda/cn-northwest-1"),
        ("lambda.cn-north-1.api.amazonwebservices.com.cn", "lambda/cn-north-1"),
        ("sqs.us-iso-east-1.c2s.ic.gov", "sqs/us-iso-east-1"),
        ("sqs.us-isob-east-1.sc2s.sgov.gov", "sqs/us-isob-east-1"),
        ("sts.eusc-de-east-1.amazonaws.eu", "sts/eusc-de-east-1"),
        ("runtime.sagemaker.us-east-1.amazonaws.com", "sagemaker/us-east-1"),
        ("streams.dynamodb.ap-south-1.amazonaws.com", "dynamodb/ap-south-1"),
        ("email.us-east-1.amazonaws.com", "ses/us-east-1"),
        ("abc.appsync-api.us-east-1.amazonaws.com", "appsync/us-east-1"),
        ("search-logs-abc.us-east-1.es.amazonaws.com", "es/us-east-1"),
        ("coll123.us-west-2.aoss.amazonaws.com", "aoss/us-west-2"),
        // S3: path style, virtual-hosted, legacy dash, website, dual-stack, fips, access points
        ("s3.amazonaws.com", "s3/us-east-1"),
        ("bucket.s3.amazonaws.com", "s3/us-east-1"),
        ("s3.us-west-2.amazonaws.com", "s3/us-west-2"),
        ("bucket.s3.eu-west-1.amazonaws.com", "s3/eu-west-1"),
        ("my.dotted.bucket.s3.eu-west-1.amazonaws.com", "s3/eu-west-1"),
        ("s3.s3.eu-west-1.amazonaws.com", "s3/eu-west-1"),
        ("s3-logs.s3-us-west-2.amazonaws.com", "s3/us-west-2"),
        ("bucket.s3-external-1.amazonaws.com", "s3/us-east-1"),
        ("bucket.s3-website-us-east-1.amazonaws.com", "s3/us-east-1"),
        ("bucket.s3-website.eu-west-1.amazonaws.com", "s3/eu-west-1"),
        ("bucket.s3.dualstack.ap-northeast-1.amazonaws.com", "s3/ap-northeast-1"),
        ("s3-fips.us-gov-west-1.amazonaws.com", "s3/us-gov-west-1"),
        ("s3-fips.dualstack.us-east-1.amazonaws.com", "s3/us-east-1"),
        ("bucket.s3.cn-north-1.amazonaws.com.cn", "s3/cn-north-1"),
        ("bucket.s3.amazonaws.com.cn", "s3/cn-north-1"),
        ("ap-111122223333.s3-accesspoint.us-east-1.amazonaws.com", "s3/us-east-1"),
        ("ap-111122223333.s3-accesspoint.dualstack.us-east-1.amazonaws.com", "s3/us-east-1"),
        ("111122223333.s3-control.us-east-1.amazonaws.com", "s3/us-east-1"),
        ("ol-111122223333.s3-object-lambda.us-west-2.amazonaws.com", "s3-object-lambda/us-west-2"),
        ("ap-1111.op-01ac5d28a6a232904.s3-outposts.us-west-2.amazonaws.com", "s3-outposts/us-west-2"),
        ("bucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com", "s3express/us-west-2"),
        ("s3express-control.us-west-2.amazonaws.com", "s3express/us-west-2"),
    ])
    func infers(_ host: String, _ expected: String) {
        #expect(AWSEndpointScope.infer(host: host)?.description == expected)
    }

    /// Hosts that name no AWS endpoint: the caller must be given the service.
    @Test(arguments: [
        "localhost", "127.0.0.1", "::1", "example.com", "api.example.com", "amazonaws.com", "com",
        "s3.localhost.localstack.cloud", "bucket.s3.amazonaws.com.evil.example", "a..amazonaws.com",
        "execute-api.us-east-1.amazonaws.com.example.org", "", ".",
    ])
    func refuses(_ host: String) {
        #expect(AWSEndpointScope.infer(host: host) == nil)
    }

    @Test(arguments: [
        ("us-east-1", true), ("us-gov-west-1", true), ("cn-north-1", true), ("us-isob-east-1", true),
        ("eusc-de-east-1", true), ("il-central-1", true), ("us-gov", false), ("s3-external-1", false),
        ("usw2-az1", false), ("dualstack", false), ("us-east-", false), ("-east-1", false), ("us-1", false),
    ])
    func regionShape(_ label: String, _ isRegion: Bool) {
        #expect((AWSEndpointScope.infer(host: "sts.\(label).amazonaws.com")?.region == label) == isRegion)
    }
}

/// What a method calls: API Gateway's `Integration` (and `x-amazon-apigateway-integration`).
public struct Integration: Sendable, Equatable {
    /// `HTTP`, `HTTP_PROXY`, `MOCK`, `AWS_PROXY` or `AWS`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// AWS's name, upper case.
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let http = Kind("HTTP")
        public static let httpProxy = Kind("HTTP_PROXY")
        public static let mock = Kind("MOCK")
        public static let awsProxy = Kind("AWS_PROXY")
        public static let aws = Kind("AWS")
        public static let all: [Kind] = [.http, .httpProxy, .mock, .awsProxy, .aws]

        /// The kind named `name` in any case (OpenAPI documents write `http_proxy` and `aws_proxy`).
        public init?(named name: String) {
            let upper = name.uppercased()
            guard let found = Self.all.first(where: { $0.name == upper }) else { return nil }
            self = found
        }
    }

    /// How an integration response is chosen and shaped (`responses` in the extension, keyed by
    /// `selectionPattern`; `default` is the one without a pattern).
    public struct Response: Sendable, Equatable {
        /// A regular expression over the backend status or error message; `nil` for the default.
        public var selectionPattern: String?
        public var statusCode: String
        public var responseParameters: [String: String]
        public var responseTemplates: [String: String]
        public var contentHandling: String?

        public init(
            selectionPattern: String?,
            statusCode: String,
            responseParameters: [String: String] = [:],
            responseTemplates: [String: String] = [:],
            contentHandling: String? = nil
        ) {
            self.selectionPattern = selectionPattern
            self.statusCode = statusCode
            self.responseParameters = responseParameters
            self.responseTemplates = responseTemplates
            self.contentHandling = contentHandling
        }
    }

    /// AWS's default and (for REST APIs) ceiling without a quota raise: 29 s.
    public static let defaultTimeoutInMillis = 29_000
    /// The range AWS accepts (50 ms to the raised 300 s of Regional REST APIs).
    public static let timeoutRange = 50...300_000

    public var type: Kind
    /// The backend: a URL (`HTTP`, `HTTP_PROXY`, may hold `${stageVariables.x}`) or an ARN
    /// (`AWS_PROXY`, `AWS`); `nil` for `MOCK`.
    public var uri: String?
    /// The verb sent to the backend (`httpMethod`); `POST` for Lambda.
    public var httpMethod: String?
    public var timeoutInMillis: Int
    /// `integration.request.header.X` → `method.request.path.id`, `'static'`, `stageVariables.x`.
    public var requestParameters: [String: String]
    /// Content type → template.
    public var requestTemplates: [String: String]
    /// In declaration order.
    public var responses: [Response]
    /// `WHEN_NO_MATCH` (AWS's default), `WHEN_NO_TEMPLATES` or `NEVER`.
    public var passthroughBehavior: String
    /// `INTERNET` (default) or `VPC_LINK`.
    public var connectionType: String
    public var connectionId: String?
    /// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.
    public var contentHandling: String?
    /// An IAM role ARN API Gateway would assume to call the backend.
    public var credentials: String?
    /// HTTP APIs' Lambda payload version, `1.0` or `2.0`.
    public var payloadFormatVersion: String?
    public var cacheKeyParameters: [String]

    public init(
        type: Kind,
        uri: String? = nil,
        httpMethod: String? = nil,
        timeoutInMillis: Int = Integration.defaultTimeoutInMillis,
        requestParameters: [String: String] = [:],
        requestTemplates: [String: String] = [:],
        responses: [Response] = [],
        passthroughBehavior: String = "WHEN_NO_MATCH",
        connectionType: String = "INTERNET",
        connectionId: String? = nil,
        contentHandling: String? = nil,
        credentials: String? = nil,
        payloadFormatVersion: String? = nil,
        cacheKeyParameters: [String] = []
    ) {
        self.type = type
        self.uri = uri
        self.httpMethod = httpMethod
        self.timeoutInMillis = timeoutInMillis
        self.requestParameters = requestParameters
        self.requestTemplates = requestTemplates
        self.responses = responses
        self.passthroughBehavior = passthroughBehavior
        self.connectionType = connectionType
        self.connectionId = connectionId
        self.contentHandling = contentHandling
        self.credentials = credentials
        self.payloadFormatVersion = payloadFormatVersion
        self.cacheKeyParameters = cacheKeyParameters
    }

    /// The passthrough behaviours AWS accepts.
    public static let passthroughBehaviors = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"]
    /// The connection types AWS accepts.
    public static let connectionTypes = ["INTERNET", "VPC_LINK"]
    /// The content handling strategies AWS accepts.
    public static let contentHandlings = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]
}

import IAMPolicy

extension AuthorizerResultCache {
    /// What an entry is found by: the authorizer, the stage and the request's identity values.
    ///
    /// A hit builds no key text and, for the usual single identity source, no list: the value is
    /// hashed where it lies and every part is compared byte for byte — byte equality, not
    /// `String`'s `==`, which equates canonically equivalent Unicode, so two tokens that differ in
    /// any byte never share an entry. ``text`` is the readable form, built only when someone asks
    /// (`gatehouse authorizer test`).
    public struct Key: Hashable, Sendable, CustomStringConvertible {
        public let authorizer: String
        public let stage: String
        /// One value as it came (the usual single identity source: no list is built or kept);
        /// several as each one's byte length, `:` and its bytes, which no other list of values
        /// reads as.
        private let identity: String
        private let valueCount: Int

        public init(authorizer: String, stage: String, identityValues: [String]) {
            guard identityValues.count != 1 else {
                self.init(authorizer: authorizer, stage: stage, identity: identityValues[0], valueCount: 1)
                return
            }
            var joined = ""
            for value in identityValues { joined += "\(value.utf8.count):\(value)" }
            self.init(authorizer: authorizer, stage: stage, identity: joined, valueCount: identityValues.count)
        }

        /// The key of an authorizer with one identity source.
        public init(authorizer: String, stage: String, identityValue: String) {
            self.init(authorizer: authorizer, stage: stage, identity: identityValue, valueCount: 1)
        }

        private init(authorizer: String, stage: String, identity: String, valueCount: Int) {
            self.authorizer = authorizer
            self.stage = stage
            self.identity = identity
            self.valueCount = valueCount
        }

        /// The identity values, in configuration order.
        public var identityValues: [String] {
            if valueCount == 1 { return [identity] }
            let bytes = Array(identity.utf8)
            var values: [String] = []
            var position = 0
            while position < bytes.count, let colon = bytes[position...].firstIndex(of: UInt8(ascii: ":")) {
                var length = 0
                for digit in bytes[position..<colon] { length = length * 10 + Int(digit &- UInt8(ascii: "0")) }
                let end = min(colon + 1 + length, bytes.count)
                values.append(String(decoding: bytes[(colon + 1)..<end], as: UTF8.self))
                position = end
            }
            return values
        }

        public static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.valueCount == rhs.valueCount && lhs.identity.sameUTF8(as: rhs.identity)
                && lhs.stage.sameUTF8(as: rhs.stage) && lhs.authorizer.sameUTF8(as: rhs.authorizer)
        }

        /// Only the identity is hashed (where it lies): the authorizer and stage are few and
        /// short, and equality still compares them.
        public func hash(into hasher: inout Hasher) {
            let fed: Void? = unsafe identity.utf8.withContiguousStorageIfAvailable { bytes in
                unsafe hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            }
            if fed == nil { unsafe Array(identity.utf8).withUnsafeBytes { unsafe hasher.combine(bytes: $0) } }
        }

        /// `6:bearer5:prod…`: each part's byte length, `:` and its bytes, non-ASCII, control
        /// characters and `%` as `%XX`. Contains the identity values — tokens — so it is for debugging output only.
        public var text: String {
            AuthorizerResultCache.text(authorizer: authorizer, stage: stage, identityValues: identityValues)
        }

        /// Identity values are tokens: only their lengths print.
        public var description: String {
            let identity = identityValues.map { "<redacted \($0.utf8.count) bytes>" }.joined(separator: ", ")
            return "AuthorizerResultCache.Key(authorizer: \(authorizer), stage: \(stage), identity: [\(identity)])"
        }
    }
}

import Foundation
import IAMPolicy
import Testing

struct ConditionCase: CustomTestStringConvertible, @unchecked Sendable {
    // JSON values, read once and never mutated.
    let fields: [String: Any]
    var testDescription: String { "\(fields["id"]!): \(fields["why"]!)" }
}

@Suite("Conditions (TestVectors/iam/condition-cases.json)")
struct ConditionEvaluatorTests {
    @Test(arguments: try IAMVectors.load("condition-cases.json").map(ConditionCase.init))
    func condition(_ testCase: ConditionCase) throws {
        let condition = try JSONSerialization.data(withJSONObject: testCase.fields["condition"]!)
        let document = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*",
             "Condition": \(String(decoding: condition, as: UTF8.self))}}
            """
        let statement = try #require(PolicyDocument.parse(document, kind: .identity).statements.first)
        var context = RequestContext()
        for (key, value) in testCase.fields["context"] as! [String: Any] {
            if let list = value as? [String] {
                context[key] = .multiple(list)
            } else {
                context[key] = .single(value as! String)
            }
        }
        let outcome = ConditionEvaluator.evaluate(statement.conditions, in: context)
        switch testCase.fields["expect"] as! String {
        case "satisfied": #expect(outcome == .satisfied)
        case "notSatisfied": #expect(outcome == .notSatisfied)
        default:
            guard case .unevaluable = outcome else {
                Issue.record("expected unevaluable, got \(outcome)")
                return
            }
        }
    }

    @Test("a false condition beats an unevaluable one in the same block; otherwise unevaluable wins over true")
    func blockLogic() throws {
        let document = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*",
             "Condition": {"NumericLessThan": {"n": "5"}, "StringEquals": {"s": "x"}}}}
            """
        let conditions = try #require(PolicyDocument.parse(document, kind: .identity).statements.first).conditions
        #expect(
            ConditionEvaluator.evaluate(conditions, in: RequestContext(["n": .single("nan"), "s": .single("y")]))
                == .notSatisfied
        )
        guard
            case .unevaluable = ConditionEvaluator.evaluate(
                conditions,
                in: RequestContext(["n": .single("nan"), "s": .single("x")])
            )
        else {
            Issue.record("expected unevaluable")
            return
        }
        #expect(
            ConditionEvaluator.evaluate(conditions, in: RequestContext(["n": .single("4"), "s": .single("x")]))
                == .satisfied
        )
    }
}

import Testing

@testable import GatewayConfig

/// The method ARN's path names the resource the router served, however the request spelled it.
@Suite("Method paths: the ARN names the matched resource")
struct MethodPathTests {
    @Test(arguments: [
        ("/admin", "/admin", "/admin"),
        ("/admin", "/admin/", "/admin"),
        ("/admin", "/admin//", "/admin"),
        ("/admin", "//admin", "/admin"),
        ("/admin", "/%61dmin", "/admin"),
        ("/admin", "/admin?x=1", "/admin"),
        ("/", "", "/"),
        ("/", "/", "/"),
        ("/", "//", "/"),
        ("/pets/{id}", "/pets/7", "/pets/7"),
        ("/pets/{id}", "/p%65ts/a%2Fb/", "/pets/a%2Fb"),
        ("/pets/{proxy+}", "/pets/a//b/c/", "/pets/a//b/c"),
        ("/{proxy+}", "/x", "/x"),
    ])
    func namesTheResource(resource: String, request: String, expected: String) throws {
        let path = try ResourcePath(parsing: resource)
        #expect(path.methodPath(for: request) == expected)
    }

    @Test(arguments: [
        ("/admin", "/other"),
        ("/admin", "/admin/x"),
        ("/", "/x"),
        ("/pets/{id}", "/pets"),
        ("/pets/{id}", "/pets//"),
        ("/pets/{proxy+}", "/pets"),
    ])
    func refusesWhatTheResourceDoesNotExplain(resource: String, request: String) throws {
        let path = try ResourcePath(parsing: resource)
        #expect(path.methodPath(for: request) == nil)
    }
}

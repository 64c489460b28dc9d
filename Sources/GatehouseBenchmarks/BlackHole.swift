/// Keeps the optimizer from deleting benchmark work.
@inline(never)
package func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

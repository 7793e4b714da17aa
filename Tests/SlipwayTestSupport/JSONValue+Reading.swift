import AWSCore

/// Reading a JSON answer in a test: an array's element by index, or its elements.
extension JSONValue {
    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

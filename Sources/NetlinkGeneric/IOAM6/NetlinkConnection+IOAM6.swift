import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The IOAM namespaces of this network namespace (`ip ioam namespace show`).
    public func ioam6Namespaces(familyID: UInt16? = nil) async throws(NetlinkError) -> [IOAM6Namespace] {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: IOAM6.dumpNamespaces, version: IOAM6.version).encode(into: &b)
        } decode: { message in
            message.type.rawValue == id ? try IOAM6Namespace(decoding: message) : nil
        }
    }

    /// The IOAM schemas (`ip ioam schema show`).
    public func ioam6Schemas(familyID: UInt16? = nil) async throws(NetlinkError) -> [IOAM6Schema] {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        return try await dumpAll(type: NetlinkMessageType(id), fixedHeaderSize: GenericNetlinkHeader.size) { b in
            GenericNetlinkHeader(command: IOAM6.dumpSchemas, version: IOAM6.version).encode(into: &b)
        } decode: { message in
            message.type.rawValue == id ? try IOAM6Schema(decoding: message) : nil
        }
    }

    /// Adds namespace `namespace` (its ID, data and wide data; `ip ioam namespace add`).
    /// - Throws: `NetlinkError` with `EEXIST` for a namespace that exists.
    public func addIOAM6Namespace(_ namespace: IOAM6Namespace, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        var value = namespace
        value.schemaID = nil
        try await genericExecute(family: id, command: IOAM6.addNamespace, version: IOAM6.version) { b in try value.encode(into: &b) }
    }

    /// Deletes namespace `namespaceID` (`ip ioam namespace del`).
    /// - Throws: `NetlinkError` with `ENOENT` when there is none.
    public func deleteIOAM6Namespace(_ namespaceID: UInt16, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        try await genericExecute(family: id, command: IOAM6.deleteNamespace, version: IOAM6.version) { b in
            try b.appendAttribute(IOAM6Attribute.namespaceID, uint16: namespaceID, .host)
        }
    }

    /// Adds schema `schema` (`ip ioam schema add`).
    public func addIOAM6Schema(id schemaID: UInt32, data: [UInt8], familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        try await genericExecute(family: id, command: IOAM6.addSchema, version: IOAM6.version) { b in
            try IOAM6Schema(id: schemaID, data: data).encode(into: &b)
        }
    }

    /// Deletes schema `schemaID` (`ip ioam schema del`).
    public func deleteIOAM6Schema(_ schemaID: UInt32, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        try await genericExecute(family: id, command: IOAM6.deleteSchema, version: IOAM6.version) { b in
            try b.appendAttribute(IOAM6Attribute.schemaID, uint32: schemaID, .host)
        }
    }

    /// Attaches schema `schemaID` to namespace `namespaceID`, or detaches it with `nil`
    /// (`ip ioam namespace set ID schema { ID | none }`).
    public func setIOAM6NamespaceSchema(_ namespaceID: UInt16, schema schemaID: UInt32?, familyID: UInt16? = nil) async throws(NetlinkError) {
        let id = try await genericFamilyID(familyID, named: IOAM6.familyName)
        try await genericExecute(family: id, command: IOAM6.setNamespaceSchema, version: IOAM6.version) { b in
            try b.appendAttribute(IOAM6Attribute.namespaceID, uint16: namespaceID, .host)
            if let schemaID {
                try b.appendAttribute(IOAM6Attribute.schemaID, uint32: schemaID, .host)
            } else {
                try b.appendFlagAttribute(IOAM6Attribute.schemaNone)
            }
        }
    }
}

import ProtoBridge

/// The OpenAPI 3.1 document of the route table, with schemas read from the proto descriptors and
/// what `(api.field)` options add (`required`, `enum`, `format`: `DeclaredFieldRules`).
public enum OpenAPIDocument {
    public static func build(routes: [RouteSpec], streams: [EventStreamSpec] = []) -> JSONValue {
        var paths = JSONObject()
        var schemas = JSONObject()
        var requestTypes = Set<ProtoType>()
        var responseTypes = Set<ProtoType>()
        for route in routes {
            reach(ProtoRegistry.require(route.requestType), into: &requestTypes)
            reach(ProtoRegistry.require(route.responseType), into: &responseTypes)
        }
        let roles = SchemaRoles(requestOnly: requestTypes.subtracting(responseTypes), responseOnly: responseTypes.subtracting(requestTypes))
        for route in routes {
            let request = ProtoRegistry.require(route.requestType)
            let response = ProtoRegistry.require(route.responseType)
            collect(request, into: &schemas, roles)
            collect(response, into: &schemas, roles)
            var operation = JSONObject([
                ("summary", .string(route.summary)),
                (
                    "operationId",
                    .string(
                        "\(route.service).\(route.rpc).\(route.method.rawValue.lowercased())\(route.path.replacingOccurrences(of: "/", with: "_"))"
                    )
                ),
            ])
            var parameters: [JSONValue] = route.pathParameters.map { name in
                .object(
                    JSONObject([
                        ("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                        ("schema", .object(JSONObject([("type", .string("string"))]))),
                    ])
                )
            }
            let bodyless = route.method == .get || route.method == .delete
            if bodyless {
                for field in request.fields where !route.pathParameters.contains(field.jsonName) && field.kind != .message {
                    let rule = rule(for: field, in: request)
                    var parameter = JSONObject([
                        ("name", .string(field.jsonName)), ("in", .string("query")),
                        ("schema", schema(field, timestamp: roles.isTimestamp(field, in: request), rule: rule)),
                    ])
                    if rule?.required == true { parameter["required"] = .bool(true) }
                    parameters.append(.object(parameter))
                }
            } else {
                var content = JSONObject([("application/json", .object(JSONObject([("schema", ref(request))])))])
                if let streamed = route.streamedBody {
                    content[streamed.mediaType] = .object(JSONObject([("schema", .object(JSONObject([("type", .string("string"))])))]))
                }
                operation["requestBody"] = .object(JSONObject([("content", .object(content))]))
            }
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            let errorContent = JSONValue.object(
                JSONObject([
                    ("application/json", .object(JSONObject([("schema", .object(JSONObject([("$ref", .string("#/components/schemas/Error"))])))])))
                ])
            )
            operation["responses"] = .object(
                JSONObject([
                    (
                        String(route.successStatus.code),
                        .object(
                            JSONObject([
                                ("description", .string("OK")),
                                ("content", .object(JSONObject([("application/json", .object(JSONObject([("schema", ref(response))])))]))),
                            ])
                        )
                    ),
                    ("default", .object(JSONObject([("description", .string("error")), ("content", errorContent)]))),
                ])
            )
            if route.auth != .open {
                // Any one is enough (OpenAPI: alternatives are separate requirement objects).
                let schemes: [(CredentialKind, String)] = [(.bearer, "bearerAuth"), (.telegram, "telegramInitData"), (.storeKey, "storeApiKey")]
                operation["security"] = .array(schemes.filter { route.auth.accepted.contains($0.0) }.map { scheme($0.1) })
            }
            let key = route.path
            var item: JSONObject
            if case .object(let existing)? = paths[key] { item = existing } else { item = JSONObject() }
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[key] = .object(item)
        }
        for stream in streams {
            for payload in stream.payloads { collect(ProtoRegistry.require(payload.type), into: &schemas, roles) }
            paths[stream.path] = .object(JSONObject([("get", operation(stream))]))
        }
        schemas["Error"] = errorSchema
        return .object(
            JSONObject([
                ("openapi", .string("3.1.0")),
                ("info", .object(JSONObject([("title", .string("Platform gateway")), ("version", .string("0.1.0"))]))),
                ("paths", .object(paths)),
                (
                    "components",
                    .object(
                        JSONObject([
                            ("schemas", .object(schemas)),
                            (
                                "securitySchemes",
                                .object(
                                    JSONObject([
                                        (
                                            "bearerAuth",
                                            .object(
                                                JSONObject([
                                                    ("type", .string("http")), ("scheme", .string("bearer")), ("bearerFormat", .string("JWT")),
                                                ])
                                            )
                                        ),
                                        (
                                            "telegramInitData",
                                            .object(
                                                JSONObject([
                                                    ("type", .string("apiKey")), ("in", .string("header")), ("name", .string("X-Telegram-Init-Data")),
                                                    ("description", .string("Telegram WebApp initData (or Authorization: tma <initData>)")),
                                                ])
                                            )
                                        ),
                                        (
                                            "storeApiKey",
                                            .object(
                                                JSONObject([
                                                    ("type", .string("apiKey")), ("in", .string("header")), ("name", .string("x-store-api-key")),
                                                ])
                                            )
                                        ),
                                    ])
                                )
                            ),
                        ])
                    )
                ),
            ])
        )
    }

    /// A stream's GET: its path parameters, a `text/event-stream` answer and every credential kind.
    private static func operation(_ stream: EventStreamSpec) -> JSONValue {
        let parameters: [JSONValue] = RouteSpec.parameters(in: stream.path).map { name in
            .object(
                JSONObject([
                    ("name", .string(name)), ("in", .string("path")), ("required", .bool(true)),
                    ("schema", .object(JSONObject([("type", .string("string"))]))),
                ])
            )
        }
        let payloads = JSONObject(stream.payloads.map { ($0.topic, ref(ProtoRegistry.require($0.type))) })
        let media = JSONObject([("schema", .object(JSONObject([("type", .string("string"))]))), ("x-event-payloads", .object(payloads))])
        let ok = JSONObject([
            (
                "description",
                .string("Server-Sent Events: `event: <topic>`, `id: <sequence>`, `data: <payload JSON>`; `:` comment lines as heartbeat")
            ),
            ("content", .object(JSONObject([("text/event-stream", .object(media))]))),
        ])
        let error = JSONObject([
            ("description", .string("error")),
            (
                "content",
                .object(
                    JSONObject([
                        (
                            "application/json",
                            .object(JSONObject([("schema", .object(JSONObject([("$ref", .string("#/components/schemas/Error"))])))]))
                        )
                    ])
                )
            ),
        ])
        return .object(
            JSONObject([
                ("summary", .string(stream.summary)),
                ("operationId", .string("stream\(stream.path.replacingOccurrences(of: "/", with: "_"))")),
                ("parameters", .array(parameters)),
                ("responses", .object(JSONObject([("200", .object(ok)), ("default", .object(error))]))),
                ("security", .array([scheme("bearerAuth"), scheme("telegramInitData"), scheme("storeApiKey")])),
            ])
        )
    }

    private static func scheme(_ name: String) -> JSONValue {
        .object(JSONObject([(name, .array([]))]))
    }

    private static func ref(_ type: ProtoType) -> JSONValue {
        .object(JSONObject([("$ref", .string("#/components/schemas/\(type.name)"))]))
    }

    /// Which message types only requests use and which only replies use: a reply always carries
    /// its plain fields (defaults included), so those are `required` there; a request's
    /// timestamps (`…_at`, `…_time`) are RFC 3339 `date-time`.
    private struct SchemaRoles {
        var requestOnly: Set<ProtoType>
        var responseOnly: Set<ProtoType>

        func required(_ type: ProtoType) -> [String] {
            guard responseOnly.contains(type) else { return [] }
            return type.fields.filter { field in
                !field.isOneofMember && !field.hasPresenceFlag && (field.kind != .message || field.isRepeated)
            }.map(\.jsonName)
        }

        func isTimestamp(_ field: ProtoField, in type: ProtoType) -> Bool {
            requestOnly.contains(type) && field.kind == .string && !field.isRepeated && (field.name.hasSuffix("_at") || field.name.hasSuffix("_time"))
        }
    }

    private static func reach(_ type: ProtoType, into seen: inout Set<ProtoType>) {
        guard seen.insert(type).inserted else { return }
        for field in type.fields { if let nested = field.messageType { reach(nested, into: &seen) } }
    }

    private static func collect(_ type: ProtoType, into schemas: inout JSONObject, _ roles: SchemaRoles) {
        guard schemas[type.name] == nil else { return }
        schemas[type.name] = .object(JSONObject())
        var properties = JSONObject()
        for field in type.fields {
            properties[field.jsonName] = schema(field, timestamp: roles.isTimestamp(field, in: type), rule: rule(for: field, in: type))
            if let nested = field.messageType { collect(nested, into: &schemas, roles) }
        }
        var schema = JSONObject([("type", .string("object")), ("properties", .object(properties))])
        var required = roles.required(type)
        for field in type.fields where rule(for: field, in: type)?.required == true && !required.contains(field.jsonName) {
            required.append(field.jsonName)
        }
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        schemas[type.name] = .object(schema)
    }

    private static func rule(for field: ProtoField, in type: ProtoType) -> FieldRule? {
        DeclaredFieldRules.byMessage[type.name]?[field.jsonName]
    }

    private static func schema(_ field: ProtoField, timestamp: Bool = false, rule: FieldRule? = nil) -> JSONValue {
        var single: JSONValue
        switch field.kind {
        case .int32, .sint32, .sfixed32, .uint32, .fixed32:
            single = .object(JSONObject([("type", .string("integer")), ("format", .string("int32"))]))
        case .int64, .sint64, .sfixed64, .uint64, .fixed64:
            single = .object(JSONObject([("type", .array([.string("string"), .string("integer")])), ("format", .string("int64"))]))
        case .float, .double: single = .object(JSONObject([("type", .string("number"))]))
        case .bool: single = .object(JSONObject([("type", .string("boolean"))]))
        case .string:
            single = .object(
                timestamp
                    ? JSONObject([("type", .string("string")), ("format", .string("date-time"))])
                    : JSONObject([("type", .string("string"))])
            )
        case .bytes: single = .object(JSONObject([("type", .string("string")), ("format", .string("byte"))]))
        case .enumeration:
            let type = field.enumType!
            let names = (0..<Int32(64)).compactMap { type.name(of: $0) }.map { JSONValue.string($0) }
            single = .object(JSONObject([("type", .string("string")), ("enum", .array(names))]))
        case .message:
            single = ref(field.messageType!)
        }
        if let rule, case .object(var object) = single {
            if !rule.enumValues.isEmpty { object["enum"] = .array(rule.enumValues.map { .string($0) }) }
            if let format = rule.format { object["format"] = .string(format) }
            single = .object(object)
        }
        if field.isRepeated { return .object(JSONObject([("type", .string("array")), ("items", single)])) }
        return single
    }

    private static var errorSchema: JSONValue {
        let violation = JSONValue.object(
            JSONObject([
                ("type", .string("object")),
                (
                    "properties",
                    .object(
                        JSONObject([
                            ("field", .object(JSONObject([("type", .string("string"))]))),
                            ("description", .object(JSONObject([("type", .string("string"))]))),
                        ])
                    )
                ),
            ])
        )
        let error = JSONValue.object(
            JSONObject([
                ("type", .string("object")),
                (
                    "properties",
                    .object(
                        JSONObject([
                            ("code", .object(JSONObject([("type", .string("string"))]))),
                            ("message", .object(JSONObject([("type", .string("string"))]))),
                            ("violations", .object(JSONObject([("type", .string("array")), ("items", violation)]))),
                            ("reason", .object(JSONObject([("type", .string("string"))]))),
                        ])
                    )
                ), ("required", .array([.string("code"), .string("message"), .string("violations")])),
            ])
        )
        return .object(
            JSONObject([
                ("type", .string("object")), ("properties", .object(JSONObject([("error", error)]))),
                ("required", .array([.string("error")])),
            ])
        )
    }
}

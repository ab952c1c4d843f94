/// The scope of an address (`ifa_scope`): the same `enum rt_scope_t` as a route's scope, so the
/// same type — `universe` (printed `global`), `site`, `link`, `host`, `nowhere`, or any number.
public typealias AddressScope = RouteScope

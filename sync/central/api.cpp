#include "api.h"

#include <spdlog/spdlog.h>

#include <charconv>

namespace ocop::central {

using nlohmann::json;

ApiResponse errorResponse(int status, const std::string& code, const std::string& message)
{
    ApiResponse r;
    r.status = status;
    std::string oneLine = message;
    for (auto& c : oneLine)
        if (c == '\n' || c == '\r')
            c = ' ';
    r.body = wire::toJson(wire::ErrorBody{code, oneLine}).dump();
    return r;
}

namespace {

std::string queryParam(const std::string& query, const std::string& name, bool& present)
{
    present = false;
    std::size_t pos = 0;
    while (pos <= query.size()) {
        auto amp = query.find('&', pos);
        if (amp == std::string::npos)
            amp = query.size();
        const auto part = query.substr(pos, amp - pos);
        const auto eq = part.find('=');
        if (part.substr(0, eq) == name) {
            present = true;
            return eq == std::string::npos ? std::string() : part.substr(eq + 1);
        }
        pos = amp + 1;
    }
    return {};
}

std::int64_t intParam(const std::string& query, const std::string& name, std::int64_t fallback, std::int64_t min,
                      std::int64_t max)
{
    bool present = false;
    const auto v = queryParam(query, name, present);
    if (!present)
        return fallback;
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out < min || out > max)
        throw ApiError(400, "bad_request",
                       "query parameter '" + name + "' must be an integer from " + std::to_string(min) + " to " +
                           std::to_string(max));
    return out;
}

json parseBody(const ApiRequest& req)
{
    if (req.body.empty())
        throw ApiError(400, "bad_request", "the request body is empty");
    try {
        return wire::parse(req.body);
    } catch (const wire::MalformedJson& e) {
        throw ApiError(400, "malformed_json", e.what());
    }
}

ApiResponse ok(const json& j, const std::string& route)
{
    ApiResponse r;
    r.body = j.dump();
    r.route = route;
    return r;
}

} // namespace

void Api::requireMetricsAccess(const ApiRequest& req) const
{
    if (m_metricsToken.empty()) {
        if (!req.loopbackPeer)
            throw ApiError(403, "forbidden",
                           "/metrics is served to loopback only; start the server with --metrics-token-file "
                           "to let a remote scraper in");
        return;
    }
    const std::string expected = "Bearer " + m_metricsToken;
    // Compare in constant time so the token cannot be guessed byte by byte.
    unsigned char diff = req.authorization.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected[i] ^ (i < req.authorization.size() ? req.authorization[i] : 0));
    if (diff != 0)
        throw ApiError(401, "unauthorized", "/metrics needs the scrape token (Authorization: Bearer ...)");
}

ApiResponse Api::handle(const ApiRequest& req)
{
    std::string path = req.target;
    std::string query;
    if (auto q = path.find('?'); q != std::string::npos) {
        query = path.substr(q + 1);
        path.resize(q);
    }
    struct Route {
        const char* path;
        const char* method;
    };
    static const Route routes[] = {{"/api/v1/enroll", "POST"}, {"/api/v1/events", "POST"},
                                   {"/api/v1/catalog", "GET"}, {"/healthz", "GET"},
                                   {"/metrics", "GET"}};
    const Route* route = nullptr;
    for (const auto& r : routes)
        if (path == r.path)
            route = &r;
    if (!route) {
        auto r = errorResponse(404, "not_found", "no such endpoint: " + path);
        return r;
    }
    const bool head = req.method == "HEAD" && std::string(route->method) == "GET";
    if (req.method != route->method && !head) {
        auto r = errorResponse(405, "method_not_allowed", std::string("use ") + route->method + " for " + path);
        r.route = route->path;
        r.headers.emplace_back("Allow", route->method);
        return r;
    }
    try {
        ApiResponse r;
        if (path == "/api/v1/enroll")
            r = enroll(req);
        else if (path == "/api/v1/events")
            r = events(req);
        else if (path == "/api/v1/catalog")
            r = catalog(req, query);
        else if (path == "/healthz") {
            m_store.ping();
            r = ok({{"status", "ok"}, {"db", m_store.dialectName()}, {"server_time", nowMs()},
                    {"protocol", wire::kProtocolVersion}},
                   route->path);
        } else {
            requireMetricsAccess(req);
            r.body = m_metrics.render(m_store.terminalSyncStates());
            r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        }
        r.route = route->path;
        return r;
    } catch (const ApiError& e) {
        if (path == "/api/v1/events")
            m_metrics.reject(e.code());
        auto r = errorResponse(e.status(), e.code(), e.what());
        r.route = route->path;
        if (e.status() == 401)
            r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"ocop-central\"");
        return r;
    } catch (const wire::ProtocolError& e) {
        if (path == "/api/v1/events")
            m_metrics.reject("bad_request");
        auto r = errorResponse(400, "bad_request", e.what());
        r.route = route->path;
        return r;
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", req.method, path, e.what());
        auto r = errorResponse(500, "internal", "the server could not complete the request; try again");
        r.route = route->path;
        return r;
    }
}

AuthTerminal Api::requireTerminal(const ApiRequest& req)
{
    const std::string& h = req.authorization;
    if (h.size() < 7 || !(h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0))
        throw ApiError(401, "unauthorized", "missing bearer token");
    auto t = m_store.authenticate(h.substr(7));
    if (!t)
        throw ApiError(401, "unauthorized", "unknown or revoked token");
    return *t;
}

ApiResponse Api::enroll(const ApiRequest& req)
{
    const json j = parseBody(req);
    const auto r = wire::enrollRequestFromJson(j); // ProtocolError -> 400
    const auto resp = m_store.enroll(r, nowMs());
    spdlog::info("enrolled terminal {}-{} ({}) as {}", resp.pointCode, resp.terminalCode, r.terminalName,
                 resp.terminalId);
    return ok(wire::toJson(resp), "/api/v1/enroll");
}

ApiResponse Api::events(const ApiRequest& req)
{
    const auto t = requireTerminal(req);
    if (req.body.empty())
        throw ApiError(400, "bad_request", "the request body is empty");
    // The batch is read as it is stored: the database takes in the first
    // events while the rest are still being read. The reader, and the events
    // in it, are freed after the reply is on its way (ApiResponse::retired);
    // it reads from req.body, which outlives it.
    auto events = std::make_shared<wire::EventBatchReader>(req.body);
    IngestStats stats;
    wire::BatchResult result;
    try {
        // It reads the text to its end before it commits, so a fault
        // anywhere in it undoes the batch.
        result = m_store.ingest(t, *events, nowMs(), &stats);
    } catch (const wire::MalformedJson& e) {
        throw ApiError(400, "malformed_json", e.what());
    } catch (const wire::BatchTooLarge& e) {
        throw ApiError(413, "payload_too_large", e.what());
    }
    m_metrics.ingested(stats);
    auto resp = ok(wire::toJson(result), "/api/v1/events");
    resp.retired = std::move(events);
    return resp;
}

ApiResponse Api::catalog(const ApiRequest& req, const std::string& query)
{
    requireTerminal(req);
    const auto since = intParam(query, "since", 0, 0, INT64_MAX);
    const auto limit = intParam(query, "limit", 1000, 1, 5000);
    return ok(wire::toJson(m_store.catalogChanges(since, static_cast<std::size_t>(limit), nowMs())),
              "/api/v1/catalog");
}

} // namespace ocop::central

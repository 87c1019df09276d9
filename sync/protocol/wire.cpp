#include "sync/protocol/wire.h"

#include "core/events.h"

namespace ocop::wire {

using nlohmann::json;

namespace {

const json& member(const json& j, const char* name)
{
    if (!j.is_object())
        throw ProtocolError("expected a JSON object");
    auto it = j.find(name);
    if (it == j.end())
        throw ProtocolError(std::string("missing field '") + name + "'");
    return *it;
}

std::string str(const json& j, const char* name, bool required = true)
{
    if (!required && (!j.is_object() || !j.contains(name)))
        return {};
    const auto& v = member(j, name);
    if (!v.is_string())
        throw ProtocolError(std::string("field '") + name + "' must be a string");
    return v.get<std::string>();
}

std::int64_t integer(const json& j, const char* name)
{
    const auto& v = member(j, name);
    if (!v.is_number_integer())
        throw ProtocolError(std::string("field '") + name + "' must be an integer");
    return v.get<std::int64_t>();
}

bool boolean(const json& j, const char* name)
{
    const auto& v = member(j, name);
    if (!v.is_boolean())
        throw ProtocolError(std::string("field '") + name + "' must be true or false");
    return v.get<bool>();
}

const json& array(const json& j, const char* name)
{
    const auto& v = member(j, name);
    if (!v.is_array())
        throw ProtocolError(std::string("field '") + name + "' must be an array");
    return v;
}

template <typename T, typename F>
std::vector<T> each(const json& arr, const char* what, F&& read)
{
    std::vector<T> out;
    out.reserve(arr.size());
    std::size_t i = 0;
    for (const auto& item : arr) {
        try {
            out.push_back(read(item));
        } catch (const std::invalid_argument& e) {
            throw ProtocolError(std::string(what) + "[" + std::to_string(i) + "]: " + e.what());
        } catch (const ProtocolError& e) {
            throw ProtocolError(std::string(what) + "[" + std::to_string(i) + "]: " + e.what());
        }
        ++i;
    }
    return out;
}

} // namespace

json parse(std::string_view text)
{
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw ProtocolError(std::string("malformed JSON: ") + e.what());
    }
}

json toJson(const EnrollRequest& r) { return {{"code", r.code}, {"terminal_name", r.terminalName}}; }

EnrollRequest enrollRequestFromJson(const json& j)
{
    EnrollRequest r{str(j, "code"), str(j, "terminal_name")};
    if (r.code.empty())
        throw ProtocolError("field 'code' is empty");
    if (r.terminalName.empty() || r.terminalName.size() > 100)
        throw ProtocolError("field 'terminal_name' must be 1 to 100 characters");
    return r;
}

json toJson(const EnrollResponse& r)
{
    return {{"terminal_id", r.terminalId}, {"terminal_code", r.terminalCode}, {"token", r.token},
            {"point_code", r.pointCode},   {"point_name", r.pointName},       {"server_time", r.serverTime}};
}

EnrollResponse enrollResponseFromJson(const json& j)
{
    return {str(j, "terminal_id"), str(j, "terminal_code"), str(j, "token"), str(j, "point_code"),
            str(j, "point_name"),  integer(j, "server_time")};
}

json toJson(const Event& e)
{
    return {{"seq", e.seq}, {"uuid", e.uuid}, {"type", e.type}, {"created_at", e.createdAt}, {"payload", e.payload}};
}

Event eventFromJson(const json& j)
{
    Event e;
    e.seq = integer(j, "seq");
    if (e.seq < 1)
        throw ProtocolError("field 'seq' must be 1 or more");
    e.uuid = str(j, "uuid");
    if (e.uuid.size() != 36)
        throw ProtocolError("field 'uuid' must be a UUID");
    e.type = str(j, "type");
    e.createdAt = integer(j, "created_at");
    e.payload = member(j, "payload");
    if (!e.payload.is_object())
        throw ProtocolError("field 'payload' must be an object");
    return e;
}

json toJson(const EventBatch& b)
{
    json events = json::array();
    for (const auto& e : b.events)
        events.push_back(toJson(e));
    return {{"protocol", kProtocolVersion}, {"sent_at", b.sentAt}, {"events", events}};
}

EventBatch eventBatchFromJson(const json& j)
{
    EventBatch b;
    b.sentAt = integer(j, "sent_at");
    const auto& events = array(j, "events");
    if (events.size() > kMaxBatchEvents)
        throw ProtocolError("a batch holds at most " + std::to_string(kMaxBatchEvents) + " events");
    b.events = each<Event>(events, "events", [](const json& e) { return eventFromJson(e); });
    for (std::size_t i = 1; i < b.events.size(); ++i)
        if (b.events[i].seq <= b.events[i - 1].seq)
            throw ProtocolError("events must be in ascending seq order");
    return b;
}

json toJson(const BatchResult& r)
{
    json rejected = json::array();
    for (const auto& x : r.rejected)
        rejected.push_back({{"seq", x.seq}, {"reason", x.reason}});
    return {{"acked_through", r.ackedThrough}, {"rejected", rejected}, {"server_time", r.serverTime}};
}

BatchResult batchResultFromJson(const json& j)
{
    BatchResult r;
    r.ackedThrough = integer(j, "acked_through");
    r.serverTime = integer(j, "server_time");
    r.rejected = each<Rejection>(array(j, "rejected"), "rejected",
                                 [](const json& x) { return Rejection{integer(x, "seq"), str(x, "reason")}; });
    return r;
}

json toJson(const CatalogPage& p)
{
    json points = json::array();
    for (const auto& x : p.points)
        points.push_back(ocop::toJson(x));
    json producers = json::array();
    for (const auto& x : p.producers)
        producers.push_back(ocop::toJson(x));
    json products = json::array();
    for (const auto& x : p.products)
        products.push_back(ocop::toJson(x));
    return {{"since", p.since},         {"version", p.version},     {"more", p.more},
            {"points", points},         {"producers", producers},   {"products", products},
            {"removed_products", p.removedProducts}, {"server_time", p.serverTime}};
}

CatalogPage catalogPageFromJson(const json& j)
{
    CatalogPage p;
    p.since = integer(j, "since");
    p.version = integer(j, "version");
    p.more = boolean(j, "more");
    p.serverTime = integer(j, "server_time");
    p.points = each<SalesPoint>(array(j, "points"), "points", [](const json& x) { return salesPointFromJson(x); });
    p.producers = each<Producer>(array(j, "producers"), "producers", [](const json& x) { return producerFromJson(x); });
    p.products = each<Product>(array(j, "products"), "products", [](const json& x) { return productFromJson(x); });
    p.removedProducts = each<std::string>(array(j, "removed_products"), "removed_products", [](const json& x) {
        if (!x.is_string())
            throw ProtocolError("must be a product code");
        return x.get<std::string>();
    });
    return p;
}

json toJson(const ErrorBody& e) { return {{"error", e.error}, {"message", e.message}}; }

ErrorBody errorBodyFromJson(const json& j) { return {str(j, "error"), str(j, "message")}; }

} // namespace ocop::wire

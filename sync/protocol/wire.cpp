#include "sync/protocol/wire.h"

#include "core/events.h"
#include "core/utf8.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <utility>
#include <optional>

namespace ocop::wire {

using nlohmann::json;

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;

// True when none of the 8 bytes in w needs a look in a JSON string: none is
// >= 0x80, < 0x20, '"' or '\\'.
inline bool plainAscii8(std::uint64_t w)
{
    const std::uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
    return ((w | ((w - kOnes * 0x20) & ~w) | ((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHigh) == 0;
}

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

// read(), its errors naming item i of the array `what`.
template <typename F>
auto itemOf(const char* what, std::size_t i, F&& read)
{
    try {
        return read();
    } catch (const std::invalid_argument& e) {
        throw ProtocolError(std::string(what) + "[" + std::to_string(i) + "]: " + e.what());
    } catch (const ProtocolError& e) {
        throw ProtocolError(std::string(what) + "[" + std::to_string(i) + "]: " + e.what());
    }
}

// Arr is const json& or, to move the items out, json&.
template <typename T, typename Arr, typename F>
std::vector<T> each(Arr& arr, const char* what, F&& read)
{
    std::vector<T> out;
    out.reserve(arr.size());
    std::size_t i = 0;
    for (auto& item : arr) {
        out.push_back(itemOf(what, i, [&] { return read(item); }));
        ++i;
    }
    return out;
}

// A strict JSON parser for the shape of what terminals send, building the
// same DOM as nlohmann's parse(): objects, arrays, strings of well-formed
// UTF-8 with the simple escapes, integers, true/false/null. It gives up
// (returns false) on anything else, valid or not -- a \u escape, a
// fraction or exponent, an integer beyond 64 bits, a byte-order mark,
// nesting deeper than 256, any syntax error -- and parse() then leaves the
// text to nlohmann, which either builds the value or reports the error as it
// always has. So it never accepts what nlohmann refuses, and it saves the
// costliest part of an upload (nlohmann's lexer goes byte by byte and builds
// each object member by a map lookup).
class FastParser {
public:
    explicit FastParser(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    bool parse(json& out)
    {
        ws();
        if (!value(out, 0))
            return false;
        ws();
        return m_p == m_end;
    }

    // A document part by part (EventBatchReader); each skips the space before.
    bool take(char c)
    {
        ws();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }
    // An object member's key and its colon.
    bool key(std::string& s)
    {
        ws();
        return m_p < m_end && *m_p == '"' && string(s) && take(':');
    }
    bool item(json& out, int depth)
    {
        ws();
        return value(out, depth);
    }
    bool atEnd()
    {
        ws();
        return m_p == m_end;
    }
    // An object, telling onMember(key, text, canonical) of each member's
    // value its text and whether that text is already what dump() writes
    // of the value: no space, members in key order (each key once), no
    // escape, no -0. Conservative: a canonical text with an escape in it
    // (dump() writes \" so) is reported as not canonical.
    template <typename OnMember>
    bool objectTelling(json& out, int depth, OnMember&& onMember)
    {
        return at('{') && object(out, depth, onMember);
    }
    bool at(char c)
    {
        ws();
        return m_p < m_end && *m_p == c;
    }

private:
    static constexpr int kMaxDepth = 256;

    void ws()
    {
        const char* start = m_p;
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        if (m_p != start)
            m_canonical = false;
    }
    bool literal(const char* word, std::size_t n)
    {
        if (static_cast<std::size_t>(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0)
            return false;
        m_p += n;
        return true;
    }

    bool value(json& out, int depth)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '{':
            return object(out, depth);
        case '[':
            return array(out, depth);
        case '"': {
            std::string s;
            if (!string(s))
                return false;
            out = std::move(s);
            return true;
        }
        case 't':
            if (!literal("true", 4))
                return false;
            out = true;
            return true;
        case 'f':
            if (!literal("false", 5))
                return false;
            out = false;
            return true;
        case 'n':
            if (!literal("null", 4))
                return false;
            out = nullptr;
            return true;
        default:
            return number(out);
        }
    }

    // At the opening '{' or '['; item() reads one member or element.
    template <typename F>
    bool container(char close, F&& item)
    {
        ++m_p;
        ws();
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return true;
        }
        for (;;) {
            ws();
            if (!item())
                return false;
            ws();
            if (m_p == m_end)
                return false;
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == close) {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    bool object(json& out, int depth)
    {
        return object(out, depth, [](const std::string&, std::string_view, bool) {});
    }
    template <typename OnMember>
    bool object(json& out, int depth, OnMember&& onMember)
    {
        if (depth >= kMaxDepth)
            return false;
        out = json::object();
        auto& obj = out.get_ref<json::object_t&>();
        return container('}', [&] {
            if (m_p == m_end || *m_p != '"')
                return false;
            std::string key;
            if (!string(key))
                return false;
            ws();
            if (m_p == m_end || *m_p != ':')
                return false;
            ++m_p;
            ws();
            // Keys usually come in order (canonical JSON), so the hint makes
            // the insertion constant time. A repeated key keeps the last
            // value, as nlohmann does.
            if (!obj.empty() && !(obj.rbegin()->first < key))
                m_canonical = false;
            auto it = obj.emplace_hint(obj.end(), std::move(key), nullptr);
            const bool outer = std::exchange(m_canonical, true);
            const char* start = m_p;
            if (!value(it->second, depth + 1))
                return false;
            onMember(it->first, std::string_view(start, static_cast<std::size_t>(m_p - start)), m_canonical);
            m_canonical = outer && m_canonical;
            return true;
        });
    }

    bool array(json& out, int depth)
    {
        if (depth >= kMaxDepth)
            return false;
        out = json::array();
        auto& arr = out.get_ref<json::array_t&>();
        return container(']', [&] {
            arr.emplace_back();
            return value(arr.back(), depth + 1);
        });
    }

    // At the opening quote.
    bool string(std::string& s)
    {
        ++m_p;
        const char* run = m_p;
        for (;;) {
            while (m_end - m_p >= 8) {
                std::uint64_t w;
                std::memcpy(&w, m_p, 8);
                if (!plainAscii8(w))
                    break;
                m_p += 8;
            }
            if (m_p == m_end)
                return false; // unterminated
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                s.append(run, m_p);
                ++m_p;
                return true;
            }
            if (c == '\\') {
                m_canonical = false;
                s.append(run, m_p);
                if (++m_p == m_end)
                    return false;
                switch (*m_p) {
                case '"': s += '"'; break;
                case '\\': s += '\\'; break;
                case '/': s += '/'; break;
                case 'b': s += '\b'; break;
                case 'f': s += '\f'; break;
                case 'n': s += '\n'; break;
                case 'r': s += '\r'; break;
                case 't': s += '\t'; break;
                default: return false; // \u and anything else: nlohmann's
                }
                run = ++m_p;
                continue;
            }
            if (c < 0x20)
                return false;
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            const std::size_t n = utf8::sequenceLength(reinterpret_cast<const unsigned char*>(m_p),
                                               reinterpret_cast<const unsigned char*>(m_end));
            if (n == 0)
                return false;
            m_p += n;
        }
    }

    bool number(json& out)
    {
        const char* start = m_p;
        const bool negative = *m_p == '-';
        if (negative)
            ++m_p;
        if (m_p == m_end)
            return false;
        if (*m_p == '0')
            ++m_p;
        else if (*m_p >= '1' && *m_p <= '9')
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        else
            return false;
        if (m_p < m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E'))
            return false; // a fraction or an exponent: a float, nlohmann's
        // nlohmann makes a negative integer signed, any other unsigned; one
        // out of 64-bit range becomes a float there, so it is left to it.
        if (negative) {
            std::int64_t v = 0;
            const auto r = std::from_chars(start, m_p, v);
            if (r.ec != std::errc() || r.ptr != m_p)
                return false;
            if (v == 0)
                m_canonical = false; // -0
            out = v;
        } else {
            std::uint64_t v = 0;
            const auto r = std::from_chars(start, m_p, v);
            if (r.ec != std::errc() || r.ptr != m_p)
                return false;
            out = v;
        }
        return true;
    }

    const char* m_p;
    const char* m_end;
    bool m_canonical = true;
};

} // namespace

namespace {
json parseWithNlohmann(std::string_view text)
{
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for a number beyond a double (1e9999).
        throw MalformedJson(std::string("malformed JSON: ") + e.what());
    }
}
} // namespace

json parse(std::string_view text)
{
    {
        json fast;
        if (FastParser(text).parse(fast))
            return fast;
    }
    return parseWithNlohmann(text);
}

namespace {
void releaseChildren(json& j, int depth)
{
    if (depth >= 64)
        return;
    if (j.is_object()) {
        auto& object = j.get_ref<json::object_t&>();
        for (auto& member : object)
            if (member.second.is_structured())
                releaseChildren(member.second, depth + 1);
        object.clear();
    } else if (j.is_array()) {
        auto& array = j.get_ref<json::array_t&>();
        for (auto& element : array)
            if (element.is_structured())
                releaseChildren(element, depth + 1);
        array.clear();
    }
}
} // namespace

void release(json& j)
{
    releaseChildren(j, 0);
    j = nullptr;
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

namespace {
// J is const json& (copies the payload) or json& (moves it out).
template <typename J>
Event readEvent(J& j)
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
    if constexpr (std::is_const_v<J>) {
        e.payload = member(j, "payload");
    } else {
        member(j, "payload"); // the same error when it is missing
        e.payload = std::move(j["payload"]);
    }
    if (!e.payload.is_object())
        throw ProtocolError("field 'payload' must be an object");
    return e;
}
} // namespace

Event eventFromJson(const json& j) { return readEvent(j); }

// ------------------------------------------------------------------ canonical text

namespace {

using Serializer = nlohmann::detail::serializer<json>;

// Writes j as j.dump() would, straight into the string's buffer. The common
// cases (objects, arrays, integers, strings of well-formed UTF-8 that need no
// escapes) are written here; anything else goes through nlohmann's own
// serializer, made on first need, so the text is dump()'s by construction.
class CanonicalWriter {
public:
    explicit CanonicalWriter(std::string& out) : m_out(out)
    {
        const std::size_t used = m_out.size();
        m_out.resize(used + 2048);
        m_d = m_out.data() + used;
        m_lim = m_out.data() + m_out.size();
    }
    // Trims the string to what was written.
    void finish() { m_out.resize(static_cast<std::size_t>(m_d - m_out.data())); }

    void value(const json& j)
    {
        switch (j.type()) {
        case json::value_t::object: {
            const auto& obj = j.get_ref<const json::object_t&>();
            if (obj.empty()) {
                put("{}", 2);
                return;
            }
            char sep = '{';
            for (const auto& [k, v] : obj) {
                put(sep);
                sep = ',';
                string(k);
                put(':');
                value(v);
            }
            put('}');
            return;
        }
        case json::value_t::array: {
            const auto& arr = j.get_ref<const json::array_t&>();
            if (arr.empty()) {
                put("[]", 2);
                return;
            }
            char sep = '[';
            for (const auto& v : arr) {
                put(sep);
                sep = ',';
                value(v);
            }
            put(']');
            return;
        }
        case json::value_t::string:
            if (!plainString(j.get_ref<const std::string&>()))
                viaSerializer(j);
            return;
        case json::value_t::number_integer:
            number(j.get<std::int64_t>());
            return;
        case json::value_t::number_unsigned:
            number(j.get<std::uint64_t>());
            return;
        case json::value_t::boolean:
            if (j.get<bool>())
                put("true", 4);
            else
                put("false", 5);
            return;
        case json::value_t::null:
            put("null", 4);
            return;
        default: // floats, binary, discarded
            viaSerializer(j);
            return;
        }
    }

    // A string (or an object key) as dump() writes it.
    void string(const std::string& s)
    {
        if (!plainString(s))
            viaSerializer(json(s));
    }

    // Text written as it is (JSON punctuation and keys known to be plain).
    void raw(std::string_view text) { put(text.data(), text.size()); }

    template <typename N>
    void number(N n)
    {
        ensure(24);
        m_d = std::to_chars(m_d, m_d + 24, n).ptr;
    }

private:
    void ensure(std::size_t n)
    {
        if (static_cast<std::size_t>(m_lim - m_d) >= n)
            return;
        const auto used = static_cast<std::size_t>(m_d - m_out.data());
        m_out.resize(std::max(m_out.size() * 2, used + n));
        m_d = m_out.data() + used;
        m_lim = m_out.data() + m_out.size();
    }
    void put(char c)
    {
        ensure(1);
        *m_d++ = c;
    }
    void put(const char* s, std::size_t n)
    {
        ensure(n);
        std::memcpy(m_d, s, n);
        m_d += n;
    }

    // Writes "s" when s is well-formed UTF-8 with nothing to escape (dump()
    // writes such a string as it is) and returns true; otherwise writes
    // nothing and returns false.
    bool plainString(std::string_view s)
    {
        ensure(s.size() + 2);
        char* d = m_d;
        *d++ = '"';
        const auto* p = reinterpret_cast<const unsigned char*>(s.data());
        const auto* end = p + s.size();
        while (p < end) {
            while (end - p >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p, 8);
                if (!plainAscii8(w))
                    break;
                std::memcpy(d, p, 8);
                d += 8;
                p += 8;
            }
            if (p == end)
                break;
            const unsigned char c = *p;
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\')
                    return false;
                *d++ = static_cast<char>(c);
                ++p;
                continue;
            }
            const std::size_t n = utf8::sequenceLength(p, end);
            if (n == 0)
                return false;
            for (std::size_t k = 0; k < n; ++k)
                *d++ = static_cast<char>(*p++);
        }
        *d++ = '"';
        m_d = d;
        return true;
    }

    void viaSerializer(const json& j)
    {
        finish();
        if (!m_serializer)
            m_serializer.emplace(nlohmann::detail::output_adapter<char>(m_out), ' ');
        m_serializer->dump(j, false, false, 0);
        const std::size_t used = m_out.size();
        m_out.resize(used + 256);
        m_d = m_out.data() + used;
        m_lim = m_out.data() + m_out.size();
    }

    std::string& m_out;
    char* m_d;
    char* m_lim;
    std::optional<Serializer> m_serializer;
};

} // namespace

void appendCanonical(std::string& out, const json& j)
{
    CanonicalWriter w(out);
    w.value(j);
    w.finish();
}

std::string canonicalJson(const Event& e) { return canonicalJson(e, {}); }

std::string canonicalJson(const Event& e, std::string_view canonicalPayload)
{
    // toJson(e)'s keys in their (sorted) order: created_at, payload, seq, type, uuid.
    std::string out;
    out.reserve(canonicalPayload.size() + 160);
    CanonicalWriter w(out);
    w.raw("{\"created_at\":");
    w.number(e.createdAt);
    w.raw(",\"payload\":");
    if (canonicalPayload.empty())
        w.value(e.payload);
    else
        w.raw(canonicalPayload);
    w.raw(",\"seq\":");
    w.number(e.seq);
    w.raw(",\"type\":");
    w.string(e.type);
    w.raw(",\"uuid\":");
    w.string(e.uuid);
    w.raw("}");
    w.finish();
    return out;
}


json toJson(const EventBatch& b)
{
    json events = json::array();
    for (const auto& e : b.events)
        events.push_back(toJson(e));
    return {{"protocol", kProtocolVersion}, {"sent_at", b.sentAt}, {"events", events}};
}

namespace {
// J is const json& (copies the payloads) or json& (moves them out).
template <typename J>
EventBatch readBatch(J& j)
{
    EventBatch b;
    b.sentAt = integer(j, "sent_at");
    array(j, "events"); // its errors
    auto& events = j["events"];
    if (events.size() > kMaxBatchEvents)
        throw ProtocolError("a batch holds at most " + std::to_string(kMaxBatchEvents) + " events");
    b.events = each<Event>(events, "events", [](auto& item) { return readEvent(item); });
    for (std::size_t k = 1; k < b.events.size(); ++k)
        if (b.events[k].seq <= b.events[k - 1].seq)
            throw ProtocolError("events must be in ascending seq order");
    return b;
}
} // namespace

EventBatch eventBatchFromJson(const json& j) { return readBatch(j); }

EventBatch eventBatchFromJson(json&& j) { return readBatch(j); }

// ------------------------------------------------------------------ EventBatchReader

struct EventBatchReader::State {
    explicit State(std::string_view t) : text(t), fast(t) {}
    enum class Stage : std::uint8_t { Start, Envelope, Events, Done };

    std::string_view text;
    FastParser fast;
    Stage stage = Stage::Start;
    bool firstMember = true, firstEvent = false;
    bool sawEvents = false, eventsIsArray = false;
    std::optional<json> sentAt;
    TimestampMs sentAtValue = 0;
    std::deque<Event> events; // a deque: events read stay where they are
    // Per event, its payload's text when that is canonical, else empty.
    std::vector<std::string_view> canonicalPayloads;
};

EventBatchReader::EventBatchReader(std::string_view text) : m(std::make_unique<State>(text)) {}

EventBatchReader::~EventBatchReader()
{
    for (auto& e : m->events)
        release(e.payload);
}

bool EventBatchReader::has(std::size_t i)
{
    while (m->events.size() <= i && m->stage != State::Stage::Done)
        readOne();
    return i < m->events.size();
}

const Event& EventBatchReader::at(std::size_t i) const { return m->events[i]; }

std::string_view EventBatchReader::canonicalPayload(std::size_t i) const
{
    return i < m->canonicalPayloads.size() ? m->canonicalPayloads[i] : std::string_view{};
}

TimestampMs EventBatchReader::readToEnd()
{
    while (m->stage != State::Stage::Done)
        readOne();
    return m->sentAtValue;
}

// Reads on to the next event (true) or to the end of the text (false). On
// anything the fast parser gives up on, the whole text goes to fallBack().
bool EventBatchReader::readOne()
{
    auto& s = *m;
    auto& p = s.fast;
    for (;;) {
        if (s.stage == State::Stage::Done)
            return false;
        if (s.stage == State::Stage::Start) {
            if (p.take('{'))
                s.stage = State::Stage::Envelope;
            else
                fallBack(); // not an object, or not JSON: readBatch's error or nlohmann's
            continue;
        }
        if (s.stage == State::Stage::Events) {
            const bool first = std::exchange(s.firstEvent, false);
            if (p.take(']')) {
                s.stage = State::Stage::Envelope;
                continue;
            }
            if (!first && !p.take(',')) {
                fallBack();
                continue;
            }
            const std::size_t i = s.events.size();
            if (i == kMaxBatchEvents)
                throw BatchTooLarge("a batch holds at most " + std::to_string(kMaxBatchEvents) + " events");
            json item;
            // The payload's text is kept when it is canonical; of a payload
            // given twice, the last, as the event keeps the last.
            std::string_view canonicalPayload;
            const auto notePayload = [&](const std::string& key, std::string_view text, bool canonical) {
                if (key == "payload")
                    canonicalPayload = canonical ? text : std::string_view{};
            };
            if (!(p.at('{') ? p.objectTelling(item, 2, notePayload) : p.item(item, 2))) {
                fallBack();
                continue;
            }
            Event e = itemOf("events", i, [&] { return readEvent(item); });
            if (i > 0 && e.seq <= s.events.back().seq)
                throw ProtocolError("events must be in ascending seq order");
            s.events.push_back(std::move(e));
            s.canonicalPayloads.push_back(canonicalPayload);
            return true;
        }
        // The envelope: members in any order, "events" streamed.
        const bool first = std::exchange(s.firstMember, false);
        if (p.take('}')) {
            if (!p.atEnd()) {
                fallBack();
                continue;
            }
            s.stage = State::Stage::Done;
            // readBatch's checks, in its order.
            if (!s.sentAt)
                throw ProtocolError("missing field 'sent_at'");
            if (!s.sentAt->is_number_integer())
                throw ProtocolError("field 'sent_at' must be an integer");
            s.sentAtValue = s.sentAt->get<std::int64_t>();
            if (!s.sawEvents)
                throw ProtocolError("missing field 'events'");
            if (!s.eventsIsArray)
                throw ProtocolError("field 'events' must be an array");
            return false;
        }
        std::string key;
        if ((!first && !p.take(',')) || !p.key(key)) {
            fallBack();
            continue;
        }
        if (key == "events") {
            if (s.sawEvents)
                throw ProtocolError("field 'events' is given twice");
            s.sawEvents = true;
            if (p.take('[')) {
                s.eventsIsArray = true;
                s.firstEvent = true;
                s.stage = State::Stage::Events;
                continue;
            }
        }
        json value;
        if (!p.item(value, 1)) {
            fallBack();
            continue;
        }
        if (key == "sent_at")
            s.sentAt = std::move(value);
    }
}

// The fast parser gave up: the text is read the way parse() reads it, and
// the events not yet handed on are taken from that. Those already handed on
// must be the same ones (they are, unless a field is given twice).
void EventBatchReader::fallBack()
{
    auto& s = *m;
    json whole = parseWithNlohmann(s.text);
    if (whole.is_object()) {
        const auto it = whole.find("events");
        if (it != whole.end() && it->is_array() && it->size() > kMaxBatchEvents)
            throw BatchTooLarge("a batch holds at most " + std::to_string(kMaxBatchEvents) + " events");
    }
    EventBatch b = readBatch(whole);
    const std::size_t read = s.events.size();
    bool same = b.events.size() >= read;
    for (std::size_t i = 0; same && i < read; ++i) {
        const auto &x = s.events[i], &y = b.events[i];
        same = x.seq == y.seq && x.uuid == y.uuid && x.type == y.type && x.createdAt == y.createdAt &&
               x.payload == y.payload;
    }
    if (!same)
        throw ProtocolError("the batch's text is ambiguous: a field is given twice");
    for (std::size_t i = read; i < b.events.size(); ++i)
        s.events.push_back(std::move(b.events[i]));
    for (auto& e : b.events)
        release(e.payload);
    s.sentAtValue = b.sentAt;
    s.stage = State::Stage::Done;
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

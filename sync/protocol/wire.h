#pragma once
// The sync wire protocol, version 1: every message a terminal and the central
// server exchange, defined once and used by both sides. JSON over HTTP(S).
//
//   POST /api/v1/enroll         EnrollRequest            -> EnrollResponse
//   POST /api/v1/events         EventBatch (bearer)      -> BatchResult
//   GET  /api/v1/catalog?since=V&limit=N (bearer)        -> CatalogPage
//   any error                                            -> ErrorBody with a 4xx/5xx status
//
// Parsing is strict: a missing field or a wrong type throws ProtocolError
// with a message naming the field, which the server returns as a 400.
#include "core/catalog.h"
#include "core/timeutil.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::wire {

inline constexpr int kProtocolVersion = 1;
// Events per POST /events; the server refuses larger batches with 413.
inline constexpr std::size_t kMaxBatchEvents = 1000;
// Request bodies above this are refused with 413 before parsing.
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;
// Drift between a terminal's clock and the server's that the agent warns on.
inline constexpr std::int64_t kClockDriftWarnMs = 5 * 60 * 1000;

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
// The text is not JSON at all (parse(), EventBatchReader).
class MalformedJson : public ProtocolError {
public:
    using ProtocolError::ProtocolError;
};
// A batch of more than kMaxBatchEvents events (EventBatchReader).
class BatchTooLarge : public ProtocolError {
public:
    using ProtocolError::ProtocolError;
};

struct EnrollRequest {
    std::string code;         // single-use enrolment code from `ocop-central enroll-code POINT`
    std::string terminalName; // free text shown at the centre, e.g. "Quầy 1"
};

struct EnrollResponse {
    std::string terminalId;   // UUID assigned by the centre
    std::string terminalCode; // short code used in receipt numbers, e.g. "T2"
    std::string token;        // bearer token: 256 random bits, hex; shown once
    std::string pointCode;
    std::string pointName;
    TimestampMs serverTime = 0;
};

// One outbox entry as sent. `payload` is the event's JSON (core/events.h).
struct Event {
    std::int64_t seq = 0;     // the terminal's gap-free event sequence, from 1
    std::string uuid;         // UUIDv7 made by the terminal
    std::string type;         // event_type::*
    TimestampMs createdAt = 0; // device time
    nlohmann::json payload;
};

struct EventBatch {
    TimestampMs sentAt = 0; // device time when sent, for clock-drift checks
    std::vector<Event> events; // ascending seq
};

// The events of one batch, as far as they have been read. Events once read
// stay where they are: a reference from at() lives as long as the source.
class EventSource {
public:
    virtual ~EventSource() = default;
    // Whether the batch has an event at index i, reading up to it first.
    // Throws what reading throws (ProtocolError and its kinds).
    virtual bool has(std::size_t i) = 0;
    // Event i, once has(i) has said it is there.
    virtual const Event& at(std::size_t i) const = 0;
    // Event i's payload as dump() writes it, when the source has that text
    // at hand (see canonicalJson); empty when not.
    virtual std::string_view canonicalPayload(std::size_t) const { return {}; }
};

// A batch read whole beforehand.
class WholeBatch : public EventSource {
public:
    explicit WholeBatch(const EventBatch& b) : m_batch(b) {}
    bool has(std::size_t i) override { return i < m_batch.events.size(); }
    const Event& at(std::size_t i) const override { return m_batch.events[i]; }

private:
    const EventBatch& m_batch;
};

// Reads the text of a POST /events body one event at a time, so that the
// centre stores the first events of a batch while the rest are still text.
// What it reads, and whether it refuses a body, is what
// eventBatchFromJson(parse(text)) reads or refuses, with two differences in
// what is reported: a problem is reported as it is met, so an event's error
// can come before a malformed JSON text's further on; and a body naming
// "events" twice is refused (parse() keeps the last, which the reader may
// already have handed on). A body over kMaxBatchEvents events throws
// BatchTooLarge; one that is not JSON, MalformedJson. The text must outlive
// the reader; the events read are freed with it (see release()).
class EventBatchReader : public EventSource {
public:
    explicit EventBatchReader(std::string_view text);
    ~EventBatchReader() override;
    EventBatchReader(const EventBatchReader&) = delete;
    EventBatchReader& operator=(const EventBatchReader&) = delete;

    bool has(std::size_t i) override;
    const Event& at(std::size_t i) const override;
    // The payload's text in the body when it is canonical already: no
    // space, keys in order and once, no escape, no -0 (what terminals send).
    std::string_view canonicalPayload(std::size_t i) const override;
    // Reads to the end of the text and returns sent_at.
    TimestampMs readToEnd();

private:
    struct State;
    bool readOne();
    void fallBack();
    std::unique_ptr<State> m;
};

struct Rejection {
    std::int64_t seq = 0;
    std::string reason;
};

struct BatchResult {
    // Highest seq such that every seq from 1 up to it is stored (applied or
    // quarantined) at the centre. The terminal marks those as sent.
    std::int64_t ackedThrough = 0;
    std::vector<Rejection> rejected; // quarantined at the centre, with why
    TimestampMs serverTime = 0;
};

struct CatalogPage {
    std::int64_t since = 0;    // the version asked for
    std::int64_t version = 0;  // pass as `since` next time
    bool more = false;         // another page follows at `version`
    std::vector<SalesPoint> points;
    std::vector<Producer> producers;
    std::vector<Product> products;
    std::vector<std::string> removedProducts; // tombstones: product codes
    TimestampMs serverTime = 0;
};

struct ErrorBody {
    std::string error;   // machine-readable, e.g. "bad_request", "unauthorized"
    std::string message; // one line for people
};

nlohmann::json toJson(const EnrollRequest&);
nlohmann::json toJson(const EnrollResponse&);
nlohmann::json toJson(const Event&);
nlohmann::json toJson(const EventBatch&);
nlohmann::json toJson(const BatchResult&);
nlohmann::json toJson(const CatalogPage&);
nlohmann::json toJson(const ErrorBody&);

// The canonical text of an event, byte for byte wire::toJson(e).dump() (keys
// in order, no spaces, UTF-8 as it is), written straight from the event
// without building that JSON. The centre stores and hashes this text to tell
// a replay from a conflict, so it never changes. Throws what dump() throws
// (json::type_error on invalid UTF-8).
std::string canonicalJson(const Event& e);
// The same, given the payload's canonical text (EventSource::canonicalPayload):
// the bulk of an event copied rather than written again.
std::string canonicalJson(const Event& e, std::string_view canonicalPayload);
// j.dump(), appended to out (whose content is unspecified if it throws).
void appendCanonical(std::string& out, const nlohmann::json& j);

EnrollRequest enrollRequestFromJson(const nlohmann::json&);
EnrollResponse enrollResponseFromJson(const nlohmann::json&);
Event eventFromJson(const nlohmann::json&);
EventBatch eventBatchFromJson(const nlohmann::json&);
// The same checks and errors, but the payloads are moved out of j, not copied.
EventBatch eventBatchFromJson(nlohmann::json&& j);
BatchResult batchResultFromJson(const nlohmann::json&);
CatalogPage catalogPageFromJson(const nlohmann::json&);
ErrorBody errorBodyFromJson(const nlohmann::json&);

// Parses text as JSON or throws MalformedJson("malformed JSON: ...").
nlohmann::json parse(std::string_view text);

// Frees what j holds, leaves first, and leaves j null. nlohmann's destructor
// first moves the children of every array and object onto a heap stack, so
// that no depth can overflow the call stack; for the shallow trees of event
// payloads that bookkeeping costs about as much as the freeing. Containers
// nested deeper than 64 are left to it.
void release(nlohmann::json& j);

} // namespace ocop::wire

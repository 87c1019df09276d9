#pragma once
// A batch's new events kept as zstd frames (one or more per batch): the events' canonical JSON,
// one per line (JSON escapes every newline inside a text), so that what
// they share — field names, products, producers, cashiers — is stored once
// per batch (schema/central/*/0006_event_archives.sql).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ocop::central {

inline constexpr std::string_view kEventArchiveFormat = "zstd-jsonl";

// Compresses as lines are added, so the work spreads over the batch.
class EventArchiveWriter {
public:
    EventArchiveWriter();
    ~EventArchiveWriter();
    EventArchiveWriter(const EventArchiveWriter&) = delete;
    EventArchiveWriter& operator=(const EventArchiveWriter&) = delete;

    // Appends one event's JSON (no newline in it); returns its line number, from 0.
    std::size_t add(std::string_view json);
    std::size_t lines() const { return m_lines; }
    // The whole frame; the writer is empty again afterwards.
    std::string finish();

private:
    static constexpr std::size_t kChunk = 64 * 1024;
    void compress(int endDirective);
    struct Context;
    std::unique_ptr<Context> m_ctx;
    std::string m_pending; // lines not yet handed to zstd
    std::string m_out;     // the frame so far: m_used bytes, then room
    std::size_t m_used = 0;
    std::size_t m_lines = 0;
};

// Line `line` of an archive's body; StorageError if the body is damaged or
// has no such line.
std::string eventArchiveLine(std::string_view body, std::size_t line);

} // namespace ocop::central

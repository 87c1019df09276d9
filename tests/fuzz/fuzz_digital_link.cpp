// GS1 Digital Link URIs and trace-URL keys: no input may crash, hang or leak;
// an accepted link reads back from its element string and from the link
// built again; a trace key normalizes to itself.
#include "core/errors.h"
#include "core/gs1.h"
#include "core/scan_code.h"
#include "fuzz_common.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace ocop;
using namespace ocop::scan;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const Gs1Data d = parseDigitalLink(text, fuzz::kToday);
        fuzz::require(!d.elements.empty(), "accepted with no elements", text);
        const Gs1Data fromString =
            parseGs1ElementString(formatElementString(d.elements, Gs1Notation::Caret), fuzz::kToday);
        fuzz::require(fromString.elements == d.elements, "element string of a link does not read back", text);
        const Gs1Data again = parseDigitalLink(toDigitalLink(d.elements, "https://example.vn/x"), fuzz::kToday);
        // A key qualifier given in the query goes back into the path, so
        // the order may change; the elements may not.
        auto sorted = [](std::vector<std::pair<std::string, std::string>> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        fuzz::require(sorted(again.elements) == sorted(d.elements), "rebuilt link does not read back", text);
        fuzz::require(d.gtin14.empty() || d.gtin14.size() == 14, "gtin14 is not 14 digits", text);
    } catch (const UserError&) {
    }
    const std::string key = normalizeTraceUrl(text);
    fuzz::require(normalizeTraceUrl(key) == key, "trace key does not normalize to itself", text);
    (void)isTraceabilityHost(text);
    (void)looksLikeDigitalLink(text);
    const ScanCode r = classifyScan(text, "", fuzz::kToday);
    fuzz::require(r.reason.find('\n') == std::string::npos, "reason is not one line", text);
    if (r.kind == CodeKind::TraceUrl)
        fuzz::require(!r.traceUrl.empty(), "trace URL without a key", text);
    return 0;
}

// GS1 element strings: no input may crash, hang or leak, and every accepted
// string must read back identically from each notation the parser writes and
// from its Digital Link.
#include "core/errors.h"
#include "core/gs1.h"
#include "core/scan_code.h"
#include "fuzz_common.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace ocop;
using namespace ocop::scan;

namespace {

using Elements = std::vector<std::pair<std::string, std::string>>;

Elements sortedUnique(Elements e)
{
    std::sort(e.begin(), e.end());
    e.erase(std::unique(e.begin(), e.end()), e.end());
    return e;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const Gs1Data d = parseGs1ElementString(text, fuzz::kToday);
        fuzz::require(!d.elements.empty(), "accepted with no elements", text);
        for (auto notation : {Gs1Notation::Raw, Gs1Notation::Caret, Gs1Notation::HumanReadable}) {
            const bool parenthesisInValue = std::any_of(d.elements.begin(), d.elements.end(), [](const auto& e) {
                return e.second.find('(') != std::string::npos;
            });
            // "(AI)" inside a value is ambiguous in the human-readable form.
            if (notation == Gs1Notation::HumanReadable && parenthesisInValue)
                continue;
            const Gs1Data again = parseGs1ElementString(formatElementString(d.elements, notation), fuzz::kToday);
            fuzz::require(again.elements == d.elements, "element string does not read back", text);
        }
        std::string link;
        try {
            link = toDigitalLink(d.elements);
        } catch (const UserError&) {
            // No primary key among the elements: nothing to link.
        }
        if (!link.empty()) {
            const Gs1Data fromLink = parseDigitalLink(link, fuzz::kToday);
            fuzz::require(sortedUnique(fromLink.elements) == sortedUnique(d.elements), "digital link does not read back",
                          text);
        }
    } catch (const UserError&) {
    }
    for (const char* symbology : {"", "]d2", "]E0"}) {
        const ScanCode r = classifyScan(text, symbology, fuzz::kToday);
        fuzz::require(r.reason.find('\n') == std::string::npos, "reason is not one line", text);
        fuzz::require((r.kind == CodeKind::Unknown) == !r.reason.empty(), "reason without Unknown or vice versa", text);
    }
    return 0;
}

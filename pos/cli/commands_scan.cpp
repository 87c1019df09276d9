#include "cli/commands_scan.h"

#include "cli/commands.h"
#include "core/emvco.h"
#include "core/errors.h"
#include "core/gtin.h"
#include "core/scan_code.h"
#include "core/timeutil.h"
#include "scan/barcode_reader.h"
#include "service/pos_service.h"
#include "store/store.h"

#include <QImage>
#include <QString>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <iostream>
#include <iterator>
#include <optional>

namespace ocop::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Options = std::multimap<std::string, std::string>;

std::optional<std::string> option(const Options& o, const std::string& name)
{
    const auto it = o.find(name);
    if (it == o.end())
        return std::nullopt;
    return it->second;
}

// Scanned text may hold any bytes; JSON output stays valid UTF-8.
void printJson(const json& j)
{
    std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << std::endl;
}

// The day in Vietnam, for the GS1 century rule.
std::chrono::sys_days today()
{
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() +
                                                 std::chrono::milliseconds(kVietnamOffsetMs));
}

json dateJson(const std::optional<scan::Gs1Date>& d)
{
    return d ? json(d->iso()) : json(nullptr);
}

json gs1Json(const scan::Gs1Data& d)
{
    json elements = json::array();
    for (const auto& [ai, value] : d.elements)
        elements.push_back({{"ai", ai}, {"value", value}});
    json j = {{"elements", elements},
              {"gtin14", d.gtin14},
              {"lot", d.lot},
              {"serial", d.serial},
              {"production", dateJson(d.production)},
              {"packaging", dateJson(d.packaging)},
              {"best_before", dateJson(d.bestBefore)},
              {"sell_by", dateJson(d.sellBy)},
              {"expiry", dateJson(d.expiry)},
              {"element_string", scan::formatElementString(d.elements, scan::Gs1Notation::HumanReadable)}};
    // DD=00 on the label: the date shown is the month's last day.
    json monthOnly = json::array();
    const std::pair<const char*, const std::optional<scan::Gs1Date>*> dates[] = {
        {"11", &d.production}, {"13", &d.packaging}, {"15", &d.bestBefore}, {"16", &d.sellBy}, {"17", &d.expiry}};
    for (const auto& [ai, date] : dates)
        if (*date && (*date)->dayUnspecified)
            monthOnly.push_back(ai);
    j["month_only"] = monthOnly;
    try {
        j["digital_link"] = scan::toDigitalLink(d.elements);
    } catch (const UserError&) {
        j["digital_link"] = nullptr; // no primary key among the elements
    }
    return j;
}

json paymentJson(const scan::PaymentCode& p)
{
    json fields = json::array();
    for (const auto& [id, value] : p.fields)
        fields.push_back({{"id", id}, {"value", value}});
    return {{"vietqr", p.vietQr},
            {"guid", p.guid},
            {"dynamic", p.dynamic},
            {"bank_bin", p.bankBin},
            {"account", p.account},
            {"service", p.service},
            {"amount", p.amount ? json(*p.amount) : json(nullptr)},
            {"currency", p.currency},
            {"country", p.country},
            {"merchant_name", p.merchantName},
            {"purpose", p.purpose},
            {"fields", fields}};
}

json scanJson(const scan::ScanCode& r)
{
    return {{"kind", std::string(scan::codeKindKey(r.kind))},
            {"source", r.source},
            {"text", r.text},
            {"gtin14", r.gtin14},
            {"gs1", r.gs1 ? gs1Json(*r.gs1) : json(nullptr)},
            {"payment", r.payment ? paymentJson(*r.payment) : json(nullptr)},
            {"trace_url", r.traceUrl},
            {"known_portal", r.knownPortal},
            {"reason", r.reason}};
}

void printText(const scan::ScanCode& r)
{
    const std::string kind(scan::codeKindKey(r.kind));
    switch (r.kind) {
    case scan::CodeKind::Unknown:
        std::cout << kind << ": " << r.reason << "\n";
        return;
    case scan::CodeKind::Gtin:
        std::cout << kind << " " << r.gtin14 << "\n";
        return;
    case scan::CodeKind::TraceUrl:
        std::cout << kind << " " << r.traceUrl << (r.knownPortal ? " (traceability portal)" : "") << "\n";
        return;
    case scan::CodeKind::Gs1: {
        std::cout << kind << " " << r.source << (r.gtin14.empty() ? "" : " " + r.gtin14) << "\n";
        const auto& d = *r.gs1;
        for (const auto& [ai, value] : d.elements)
            std::cout << "  (" << ai << ") " << value << "\n";
        if (d.expiry)
            std::cout << "  expiry " << d.expiry->iso() << (d.expiry->dayUnspecified ? " (month only)" : "") << "\n";
        return;
    }
    case scan::CodeKind::Payment: {
        const auto& p = *r.payment;
        std::cout << kind << " " << (p.vietQr ? "vietqr" : p.guid) << (p.dynamic ? " dynamic" : " static");
        if (p.vietQr)
            std::cout << " bank " << p.bankBin << " account " << p.account;
        if (p.amount)
            std::cout << " amount " << *p.amount;
        if (!p.purpose.empty())
            std::cout << " purpose \"" << p.purpose << "\"";
        std::cout << "\n";
        return;
    }
    }
}

// "125000", "125.000", "125,000" and "125k" are all 125 000 đồng, as `ocop sell` takes them.
std::int64_t parseAmount(std::string s)
{
    std::int64_t scale = 1;
    if (!s.empty() && (s.back() == 'k' || s.back() == 'K')) {
        scale = 1000;
        s.pop_back();
    }
    std::string digits;
    for (char c : s)
        if (c != '.' && c != ',' && c != '_')
            digits += c;
    if (digits.empty() || digits.size() > 15 || !isAllDigits(digits))
        throw UserError("--amount must be a whole number of đồng, got '" + s + "'");
    return std::stoll(digits) * scale;
}

} // namespace

int cmdParse(const std::vector<std::string>& positional, const Options& options, bool asJson)
{
    if (positional.size() < 2)
        throw UsageError("usage: ocop parse TEXT [--symbology ID] [--json] (TEXT - reads standard input)");
    std::string text;
    if (positional.size() == 2 && positional[1] == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        for (std::size_t i = 1; i < positional.size(); ++i)
            text += (i > 1 ? " " : "") + positional[i];
    }
    const auto symbology = option(options, "symbology").value_or("");
    const auto r = scan::classifyScan(text, symbology, today());
    if (asJson)
        printJson(scanJson(r));
    else
        printText(r);
    return 0;
}

int cmdVietQr(const std::vector<std::string>& positional, const Options& options,
              const std::filesystem::path& dataDir, bool asJson)
{
    if (positional.size() != 1)
        throw UsageError("usage: ocop vietqr --amount N [--ref TEXT] [--bin BIN --account ACC]");
    const auto amountText = option(options, "amount");
    if (!amountText)
        throw UsageError("usage: ocop vietqr --amount N [--ref TEXT] [--bin BIN --account ACC]");
    scan::VietQrRequest req;
    req.amount = parseAmount(*amountText);
    if (req.amount <= 0)
        throw UserError("--amount must be more than 0");
    req.purpose = option(options, "ref").value_or("");
    auto bin = option(options, "bin");
    auto account = option(options, "account");
    if (!bin || !account) {
        // The sales point's own account, as configured on this terminal.
        std::error_code ec;
        const auto db = PosService::databasePath(dataDir);
        if (fs::exists(db, ec)) {
            const auto store = Store::open(db.string(), Store::OpenMode::OpenExisting);
            if (!bin)
                bin = store->setting("bank_bin");
            if (!account)
                account = store->setting("bank_account");
        }
        if (!bin || bin->empty() || !account || account->empty())
            throw UserError("no bank account for VietQR: pass --bin and --account, or set bank_bin and bank_account "
                            "on this terminal");
    }
    req.bankBin = *bin;
    req.account = *account;
    const std::string payload = scan::buildVietQr(req);
    if (asJson)
        printJson({{"payload", payload},
                   {"bank_bin", req.bankBin},
                   {"account", req.account},
                   {"amount", req.amount},
                   {"purpose", scan::vietQrPurpose(req.purpose)},
                   {"crc", payload.substr(payload.size() - 4)}});
    else
        std::cout << payload << "\n";
    return 0;
}

int cmdScan(const std::vector<std::string>& positional, const Options& options, const std::filesystem::path& dataDir,
            bool asJson)
{
    if (positional.size() < 2)
        throw UsageError("usage: ocop scan IMAGE... [--budget MS] [--json]");
    std::int64_t budgetMs = 3000;
    if (const auto b = option(options, "budget")) {
        budgetMs = parseAmount(*b);
        if (budgetMs < 1 || budgetMs > 60000)
            throw UserError("--budget must be between 1 and 60000 ms");
    }
    // Every image is read before anything is decoded: a bad path is bad
    // input, reported alone.
    std::vector<QImage> images;
    for (std::size_t i = 1; i < positional.size(); ++i) {
        QImage img(QString::fromStdString(positional[i]));
        if (img.isNull())
            throw UserError("cannot read an image from " + positional[i]);
        images.push_back(img.convertToFormat(QImage::Format_Grayscale8));
    }
    std::unique_ptr<PosService> service;
    std::error_code ec;
    if (fs::exists(PosService::databasePath(dataDir), ec))
        service = PosService::open(dataDir, Store::OpenMode::OpenExisting);
    const std::string day = localIsoDate(nowMs());

    scan::DecodeOptions opt;
    opt.tryHarder = true;
    opt.budget = std::chrono::milliseconds(budgetMs);
    const scan::BarcodeReader reader(opt);
    json out = json::array();
    for (std::size_t i = 0; i < images.size(); ++i) {
        const QImage& img = images[i];
        const scan::ImageRef ref{img.constBits(), img.width(), img.height(), static_cast<int>(img.bytesPerLine()),
                                 scan::PixelFormat::Gray8};
        const auto started = std::chrono::steady_clock::now();
        const auto codes = reader.decode(ref);
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        json found = json::array();
        for (const auto& c : codes) {
            json j = {{"format", std::string(scan::symbologyName(c.symbology))},
                      {"symbology_id", c.symbologyId},
                      {"text", c.text},
                      {"corners", c.corners}};
            scan::ScanCode code = scan::classifyScan(c.text, c.symbologyId, today());
            j["classified"] = scanJson(code);
            j["product"] = nullptr;
            if (service) {
                const auto r = service->resolveScan(c.text, c.symbologyId, day);
                if (r.product)
                    j["product"] = {{"code", r.product->code},
                                    {"name", r.product->nameVi},
                                    {"stars", r.product->stars},
                                    {"price", r.product->price}};
                else
                    j["problem"] = r.problem;
                if (r.lot)
                    j["lot"] = {{"lot", r.lot->lot}, {"expiry", r.lot->limit()}};
            }
            found.push_back(std::move(j));
        }
        if (asJson) {
            out.push_back({{"image", positional[i + 1]}, {"width", img.width()}, {"height", img.height()},
                           {"decode_ms", std::round(ms * 10) / 10}, {"codes", found}});
        } else {
            std::cout << positional[i + 1] << ": ";
            if (found.empty())
                std::cout << "no code\n";
            for (std::size_t k = 0; k < found.size(); ++k) {
                const auto& f = found[k];
                std::cout << (k ? "  " : "") << f["format"].get<std::string>() << " "
                          << f["classified"]["kind"].get<std::string>() << " " << f["text"].dump(-1, ' ', false, json::error_handler_t::replace);
                if (!f["product"].is_null())
                    std::cout << " -> " << f["product"]["code"].get<std::string>() << " "
                              << f["product"]["name"].get<std::string>();
                std::cout << "\n";
            }
        }
    }
    if (asJson)
        printJson(out);
    return 0;
}

} // namespace ocop::cli

#include "csv_import.h"

#include "core/events.h"
#include "core/gtin.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace ocop::central {

const char* const kCatalogCsvHelp =
    "Catalog CSV (RFC 4180, UTF-8 with or without BOM), header row first, columns in any order:\n"
    "  required: code, name, group, stars, price, vat_rate\n"
    "  optional: gtin, name_en, legacy_group, potential_five_star, certificate_no, issuer, issued, expiry,\n"
    "            producer_id, producer_name, producer_kind, commune, district, province, unit, active,\n"
    "            image, trace_url\n"
    "  group: food|drinks|herbal|handicraft|ornamental|tourism or 1-6; legacy_group: food|drinks|herbal|\n"
    "  textile|souvenir|rural_tourism or 1-6; stars 3-5; price in whole dong (125000 or 125.000);\n"
    "  vat_rate 0|5|8|10; dates YYYY-MM-DD or DD/MM/YYYY (expiry defaults to issued + 36 months);\n"
    "  producer_kind enterprise|cooperative|household; flags 1/0, yes/no, true/false, x.\n"
    "  Every bad row is reported with its line number; nothing is imported unless --skip-bad.\n";

std::vector<CsvRecord> parseCsv(std::string_view text)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::vector<CsvRecord> out;
    std::size_t line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        CsvRecord rec;
        rec.line = line;
        std::string field;
        bool endOfRecord = false;
        while (!endOfRecord) {
            field.clear();
            if (i < n && text[i] == '"') {
                const std::size_t startLine = line;
                ++i;
                for (;;) {
                    if (i >= n)
                        throw UserError("line " + std::to_string(startLine) + ": a quoted field is never closed");
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    field += text[i++];
                }
                if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    throw UserError("line " + std::to_string(line) + ": text after a closing quote");
            } else {
                while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"')
                        throw UserError("line " + std::to_string(line) +
                                        ": a quote inside an unquoted field (quote the whole field)");
                    field += text[i++];
                }
            }
            rec.fields.push_back(field);
            if (i >= n) {
                endOfRecord = true;
            } else if (text[i] == ',') {
                ++i;
            } else { // \r\n, \n or \r
                if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n')
                    ++i;
                ++i;
                ++line;
                endOfRecord = true;
            }
        }
        const bool blank = std::all_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) {
            return std::all_of(f.begin(), f.end(), [](unsigned char c) { return std::isspace(c); });
        });
        if (!blank)
            out.push_back(std::move(rec));
    }
    return out;
}

namespace {

std::string trim(std::string s)
{
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const std::vector<std::string> kColumns{
    "code",     "gtin",       "name",        "name_en",       "group",         "legacy_group",
    "stars",    "potential_five_star", "certificate_no", "issuer", "issued",     "expiry",
    "producer_id", "producer_name", "producer_kind", "commune",   "district",     "province",
    "unit",     "price",      "vat_rate",    "active",        "image",         "trace_url"};
const std::vector<std::string> kRequired{"code", "name", "group", "stars", "price", "vat_rate"};

class RowError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::optional<bool> parseFlag(const std::string& v)
{
    const auto s = lower(v);
    if (s == "1" || s == "true" || s == "yes" || s == "x" || s == "có" || s == "co")
        return true;
    if (s.empty() || s == "0" || s == "false" || s == "no" || s == "không" || s == "khong")
        return false;
    return std::nullopt;
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

Money parsePrice(const std::string& v)
{
    if (allDigits(v) && v.size() <= 15)
        return std::stoll(v);
    // Thousands separators: 1.250.000 or 1,250,000 or 1 250 000 (one kind).
    for (char sep : {'.', ',', ' '}) {
        std::string digits;
        std::size_t group = 0;
        bool ok = !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]));
        bool sawSep = false;
        for (std::size_t i = 0; ok && i < v.size(); ++i) {
            const char c = v[i];
            if (std::isdigit(static_cast<unsigned char>(c))) {
                digits += c;
                ++group;
                if (!sawSep && group > 3) {
                    // first group may be 1-3 digits only when separators follow; check below
                }
            } else if (c == sep) {
                if ((!sawSep && (group == 0 || group > 3)) || (sawSep && group != 3))
                    ok = false;
                sawSep = true;
                group = 0;
            } else {
                ok = false;
            }
        }
        if (ok && sawSep && group == 3 && digits.size() <= 15)
            return std::stoll(digits);
    }
    throw RowError("price '" + v + "' is not a whole number of đồng");
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string parseDate(const std::string& v, const char* what)
{
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(v.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && v.size() == 10) {
    } else if (std::sscanf(v.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3) {
    } else {
        throw RowError(std::string(what) + " '" + v + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
    }
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap(y) ? 1 : 0))
        throw RowError(std::string(what) + " '" + v + "' is not a real date");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

OcopGroup parseGroup(const std::string& v)
{
    if (auto g = groupFromKey(lower(v)))
        return *g;
    if (v.size() == 1 && v[0] >= '1' && v[0] <= '6')
        return static_cast<OcopGroup>(v[0] - '0');
    for (int i = 1; i <= 6; ++i) {
        const auto g = static_cast<OcopGroup>(i);
        if (v == groupNameVi(g) || lower(v) == lower(std::string(groupNameEn(g))))
            return g;
    }
    throw RowError("group '" + v + "' is not one of food, drinks, herbal, handicraft, ornamental, tourism (or 1-6)");
}

LegacyGroup parseLegacy(const std::string& v)
{
    if (auto g = legacyGroupFromKey(lower(v)))
        return *g;
    if (v.size() == 1 && v[0] >= '1' && v[0] <= '6')
        return static_cast<LegacyGroup>(v[0] - '0');
    throw RowError("legacy_group '" + v + "' is not one of food, drinks, herbal, textile, souvenir, rural_tourism");
}

ProducerKind parseKind(const std::string& v)
{
    if (auto k = producerKindFromKey(lower(v)))
        return *k;
    for (int i = 1; i <= 3; ++i) {
        const auto k = static_cast<ProducerKind>(i);
        if (v == producerKindNameVi(k))
            return k;
    }
    throw RowError("producer_kind '" + v + "' is not enterprise, cooperative or household");
}

struct RowResult {
    std::size_t line;
    std::optional<Product> product;
    std::optional<Producer> producer; // described on this row
    std::string error;
};

} // namespace

ImportPlan planCatalogImport(std::string_view csv, const CatalogSnapshot& current)
{
    ImportPlan plan;
    std::vector<CsvRecord> records;
    try {
        records = parseCsv(csv);
    } catch (const UserError& e) {
        std::string msg = e.what();
        std::size_t line = 0;
        std::sscanf(msg.c_str(), "line %zu", &line);
        const auto colon = msg.find(": ");
        plan.problems.push_back({line, colon == std::string::npos ? msg : msg.substr(colon + 2)});
        return plan;
    }
    if (records.empty()) {
        plan.problems.push_back({1, "the file is empty (a header row is needed)"});
        return plan;
    }
    // Header.
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
        const auto name = lower(trim(records[0].fields[i]));
        if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
            plan.problems.push_back({records[0].line, "unknown column '" + records[0].fields[i] + "'"});
            return plan;
        }
        if (!col.emplace(name, i).second) {
            plan.problems.push_back({records[0].line, "column '" + name + "' appears twice"});
            return plan;
        }
    }
    for (const auto& r : kRequired)
        if (!col.count(r)) {
            plan.problems.push_back({records[0].line, "missing required column '" + r + "'"});
            return plan;
        }
    const std::size_t width = records[0].fields.size();

    std::map<std::string, Producer> known;
    for (const auto& p : current.producers)
        known.emplace(p.id, p);

    // Pass 1: parse each row on its own.
    std::vector<RowResult> rows;
    for (std::size_t ri = 1; ri < records.size(); ++ri) {
        const auto& rec = records[ri];
        RowResult rr{rec.line, std::nullopt, std::nullopt, {}};
        try {
            if (rec.fields.size() != width)
                throw RowError("has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                               std::to_string(width));
            auto get = [&](const char* name) -> std::string {
                auto it = col.find(name);
                return it == col.end() ? std::string() : trim(rec.fields[it->second]);
            };
            Product p;
            p.code = get("code");
            if (p.code.empty())
                throw RowError("code is empty");
            p.gtin = get("gtin");
            p.nameVi = get("name");
            p.nameEn = get("name_en");
            const auto group = get("group");
            if (group.empty())
                throw RowError("group is empty");
            p.group = parseGroup(group);
            const auto legacy = get("legacy_group");
            p.legacyGroup = legacy.empty() ? static_cast<LegacyGroup>(static_cast<int>(p.group)) : parseLegacy(legacy);
            const auto stars = get("stars");
            if (!allDigits(stars) || stars.size() > 1)
                throw RowError("stars '" + stars + "' must be 3, 4 or 5");
            p.stars = std::stoi(stars);
            const auto pot = parseFlag(get("potential_five_star"));
            if (!pot)
                throw RowError("potential_five_star '" + get("potential_five_star") + "' is not yes or no");
            p.potentialFiveStar = *pot;
            p.certificateNo = get("certificate_no");
            p.certificateIssuer = get("issuer");
            const auto issued = get("issued");
            if (!issued.empty())
                p.certificateIssued = parseDate(issued, "issued");
            const auto expiry = get("expiry");
            if (!expiry.empty())
                p.certificateExpiry = parseDate(expiry, "expiry");
            else if (!p.certificateIssued.empty())
                p.certificateExpiry = addMonthsIso(p.certificateIssued, 36);
            if (!p.certificateIssued.empty() && !p.certificateExpiry.empty() &&
                p.certificateExpiry <= p.certificateIssued)
                throw RowError("expiry " + p.certificateExpiry + " is not after issued " + p.certificateIssued);
            p.producerId = get("producer_id");
            p.unit = get("unit");
            const auto price = get("price");
            if (price.empty())
                throw RowError("price is empty");
            p.price = parsePrice(price);
            auto vat = get("vat_rate");
            if (!vat.empty() && vat.back() == '%')
                vat = trim(vat.substr(0, vat.size() - 1));
            if (!allDigits(vat) || vat.size() > 2)
                throw RowError("vat_rate '" + get("vat_rate") + "' must be 0, 5, 8 or 10");
            p.vatRate = std::stoi(vat);
            const auto active = get("active");
            if (!active.empty()) {
                const auto a = parseFlag(active);
                if (!a)
                    throw RowError("active '" + active + "' is not yes or no");
                p.active = *a;
            }
            p.image = get("image");
            p.traceUrl = get("trace_url");
            validateProduct(p); // UserError with the reason
            const auto producerName = get("producer_name");
            if (!producerName.empty()) {
                if (p.producerId.empty())
                    throw RowError("producer_name is given without producer_id");
                Producer pr;
                pr.id = p.producerId;
                pr.name = producerName;
                const auto kind = get("producer_kind");
                if (kind.empty()) {
                    auto it = known.find(pr.id);
                    if (it == known.end())
                        throw RowError("producer_kind is needed for the new producer " + pr.id);
                    pr.kind = it->second.kind;
                } else {
                    pr.kind = parseKind(kind);
                }
                pr.commune = get("commune");
                pr.district = get("district");
                pr.province = col.count("province") ? get("province") : std::string("Hà Nội");
                if (pr.province.empty())
                    pr.province = "Hà Nội";
                rr.producer = pr;
            }
            rr.product = std::move(p);
        } catch (const RowError& e) {
            rr.error = e.what();
        } catch (const UserError& e) {
            rr.error = e.what();
        }
        rows.push_back(std::move(rr));
    }
    plan.rows = rows.size();

    // Pass 2: rows against each other and the current catalog, repeated until
    // no row turns bad (a bad row may describe a producer others rely on).
    for (bool changed = true; changed;) {
        changed = false;
        auto fail = [&](RowResult& r, std::string why) {
            r.error = std::move(why);
            changed = true;
        };
        std::map<std::string, std::size_t> codeLine, gtinLine;
        std::map<std::string, std::pair<Producer, std::size_t>> described;
        for (auto& r : rows) {
            if (!r.error.empty())
                continue;
            const auto& p = *r.product;
            if (auto [it, fresh] = codeLine.emplace(p.code, r.line); !fresh) {
                fail(r, "product code " + p.code + " is already on line " + std::to_string(it->second));
                continue;
            }
            if (!p.gtin.empty()) {
                if (auto [it, fresh] = gtinLine.emplace(p.gtin, r.line); !fresh) {
                    fail(r, "GTIN " + p.gtin + " is already on line " + std::to_string(it->second));
                    continue;
                }
            }
            if (r.producer) {
                auto [it, fresh] = described.emplace(r.producer->id, std::make_pair(*r.producer, r.line));
                if (!fresh && ocop::toJson(it->second.first) != ocop::toJson(*r.producer)) {
                    fail(r, "producer " + r.producer->id + " is described differently on line " +
                                std::to_string(it->second.second));
                    continue;
                }
            }
        }
        // GTINs held by products that the file does not mention.
        for (const auto& cur : current.products) {
            if (cur.gtin.empty() || codeLine.count(cur.code))
                continue;
            auto it = gtinLine.find(cur.gtin);
            if (it == gtinLine.end())
                continue;
            for (auto& r : rows)
                if (r.error.empty() && r.line == it->second)
                    fail(r, "GTIN " + cur.gtin + " already belongs to product " + cur.code);
        }
        for (auto& r : rows) {
            if (!r.error.empty() || r.product->producerId.empty())
                continue;
            const auto& id = r.product->producerId;
            if (!known.count(id) && !described.count(id))
                fail(r, "unknown producer " + id + " (give producer_name and producer_kind on one row)");
        }
    }

    std::set<std::string> producerDone;
    for (const auto& r : rows) {
        if (!r.error.empty()) {
            plan.problems.push_back({r.line, r.error});
            continue;
        }
        plan.products.push_back(*r.product);
        if (r.producer && producerDone.insert(r.producer->id).second)
            plan.producers.push_back(*r.producer);
    }
    return plan;
}

namespace {
std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}
} // namespace

std::string exportCatalogCsv(const CatalogSnapshot& catalog)
{
    std::map<std::string, const Producer*> producers;
    for (const auto& p : catalog.producers)
        producers.emplace(p.id, &p);
    std::string out;
    for (std::size_t i = 0; i < kColumns.size(); ++i)
        out += (i ? "," : "") + kColumns[i];
    out += "\r\n";
    for (const auto& p : catalog.products) {
        const Producer* pr = nullptr;
        if (auto it = producers.find(p.producerId); it != producers.end())
            pr = it->second;
        const std::vector<std::string> f{p.code,
                                         p.gtin,
                                         p.nameVi,
                                         p.nameEn,
                                         std::string(groupKey(p.group)),
                                         std::string(legacyGroupKey(p.legacyGroup)),
                                         std::to_string(p.stars),
                                         p.potentialFiveStar ? "1" : "0",
                                         p.certificateNo,
                                         p.certificateIssuer,
                                         p.certificateIssued,
                                         p.certificateExpiry,
                                         p.producerId,
                                         pr ? pr->name : "",
                                         pr ? std::string(producerKindKey(pr->kind)) : "",
                                         pr ? pr->commune : "",
                                         pr ? pr->district : "",
                                         pr ? pr->province : "",
                                         p.unit,
                                         std::to_string(p.price),
                                         std::to_string(p.vatRate),
                                         p.active ? "1" : "0",
                                         p.image,
                                         p.traceUrl};
        for (std::size_t i = 0; i < f.size(); ++i)
            out += (i ? "," : "") + csvField(f[i]);
        out += "\r\n";
    }
    return out;
}

} // namespace ocop::central

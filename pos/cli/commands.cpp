#include "cli/commands.h"
#include "cli/commands_scan.h"

#include "core/emvco.h"
#include "core/errors.h"
#include "core/escpos.h"
#include "core/events.h"
#include "core/gtin.h"
#include "core/printer.h"
#include "core/receipt.h"
#include "receipt/receipt_renderer.h"
#include "service/logging.h"
#include "service/pos_service.h"
#include "sync/agent/sync_session.h"

#include <QGuiApplication>
#include <QImage>
#include <QtGlobal>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

namespace ocop::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kUsage = R"(usage: ocop [--data DIR] [--json] COMMAND ...
commands:
  init [--demo] [--products N] [--seed N]     create the terminal database (demo catalog)
  stats                                        catalog counts
  products search TEXT [--limit N] [--group KEY]
  sell CODE[xQTY]... [--pay METHOD[:AMOUNT[:REF]]]... [--discount N|N%] [--cashier ID] [--approve PIN]
  return RECEIPT [CODE[xQTY]...] [--refund METHOD] [--reason TEXT] [--cashier ID]
  stock [--code CODE]
  report day [--date YYYY-MM-DD]
  receipt RECEIPT [--png FILE] [--escpos FILE] [--print TARGET] [--width 58|80]
  shift status | shift open [--float N] [--cashier ID] | shift close --count VALUExN,...
  config get [KEY] | config set KEY VALUE
  users
  enroll URL CODE [--name NAME]               enrol with the central server (single-use code)
  sync [--server URL] [--timeout S]           push the outbox, pull the catalog (one pass)
  scan IMAGE... [--budget MS]                 decode photos: format, text, kind, product
  parse TEXT|- [--symbology ID]               what a scanned code is: payment, gs1, gtin, trace_url, unknown
  vietqr --amount N [--ref TEXT] [--bin BIN --account ACC]   VietQR transfer payload (bank: bank_bin, bank_account)
methods: cash, bank_transfer (bank), card, ewallet)";

struct Args {
    std::vector<std::string> positional;
    std::multimap<std::string, std::string> options;
    bool has(const std::string& k) const { return options.count(k) != 0; }
    std::optional<std::string> get(const std::string& k) const
    {
        auto it = options.find(k);
        if (it == options.end())
            return std::nullopt;
        return it->second;
    }
    std::vector<std::string> all(const std::string& k) const
    {
        std::vector<std::string> out;
        auto [b, e] = options.equal_range(k);
        for (auto it = b; it != e; ++it)
            out.push_back(it->second);
        return out;
    }
};

// Options that take no value; every other --option takes the next word.
bool isFlag(const std::string& name) { return name == "json" || name == "demo" || name == "help"; }

Args parse(const std::vector<std::string>& raw)
{
    Args a;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::string& w = raw[i];
        if (w.rfind("--", 0) == 0 && w.size() > 2) {
            std::string name = w.substr(2);
            std::string value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (!isFlag(name)) {
                if (i + 1 >= raw.size())
                    throw UsageError("--" + name + " needs a value");
                value = raw[++i];
            }
            a.options.emplace(name, value);
        } else {
            a.positional.push_back(w);
        }
    }
    return a;
}

std::int64_t parseInteger(const std::string& s, const char* what)
{
    if (s.empty() || s.size() > 18 || !isAllDigits(s))
        throw UserError(std::string(what) + " must be a whole number, got '" + s + "'");
    return std::stoll(s);
}

// "125000", "125.000", "125,000" and "125k" are all 125 000 đồng.
Money parseMoney(std::string s)
{
    std::string digits;
    bool thousands = false;
    if (!s.empty() && (s.back() == 'k' || s.back() == 'K')) {
        thousands = true;
        s.pop_back();
    }
    for (char c : s) {
        if (c == '.' || c == ',' || c == '_')
            continue;
        digits.push_back(c);
    }
    const Money v = parseInteger(digits, "an amount");
    return thousands ? v * 1000 : v;
}

struct CodeQty {
    std::string code;
    std::int64_t quantity = 1;
};

CodeQty parseCodeQty(const std::string& word)
{
    CodeQty cq{word, 1};
    const auto x = word.find_last_of("xX*");
    if (x != std::string::npos && x > 0 && x + 1 < word.size() && isAllDigits(word.substr(x + 1))) {
        cq.code = word.substr(0, x);
        cq.quantity = parseInteger(word.substr(x + 1), "a quantity");
    }
    if (cq.quantity <= 0)
        throw UserError("quantity for " + cq.code + " must be at least 1");
    return cq;
}

void print(const json& j) { std::cout << j.dump(2) << std::endl; }

std::string defaultCashier(const Store& store)
{
    for (const auto& u : store.users())
        if (u.active && u.role == Role::Cashier)
            return u.id;
    for (const auto& u : store.users())
        if (u.active)
            return u.id;
    throw UserError("this terminal has no users; run `ocop init --demo` or add users");
}

// The CLI sells on the open shift, or has the store open one (no float) in
// the same transaction; the cashier is told when that happened.
void reportOpenedShift(const Store& store, const std::string& shiftIdBefore, const std::string& shiftIdUsed)
{
    if (!shiftIdBefore.empty() || shiftIdUsed.empty())
        return;
    if (auto s = store.openShift(); s && s->id == shiftIdUsed)
        std::fprintf(stderr, "ocop: opened a shift for %s with no float\n", s->cashierName.c_str());
}

std::string currentShiftId(const Store& store)
{
    auto s = store.openShift();
    return s ? s->id : std::string();
}

json methodsJson(const std::map<PaymentMethod, Money>& m)
{
    json out = json::object();
    for (const auto& [method, amount] : m)
        out[std::string(paymentMethodKey(method))] = amount;
    return out;
}

Discount parseDiscount(const std::string& s)
{
    if (!s.empty() && s.back() == '%')
        return Discount::percent(static_cast<int>(parseInteger(s.substr(0, s.size() - 1), "a percent discount")));
    return Discount::amount(parseMoney(s));
}

fs::path dataDirOf(const Args& a)
{
    if (auto d = a.get("data"); d && !d->empty())
        return fs::path(*d);
    if (const char* env = std::getenv("OCOP_DATA"); env && *env)
        return fs::path(env);
    return PosService::defaultDataDir();
}

std::unique_ptr<PosService> openExisting(const Args& a)
{
    return PosService::open(dataDirOf(a), Store::OpenMode::OpenExisting);
}

// ------------------------------------------------------------------ commands

int cmdInit(const Args& a, bool asJson)
{
    DemoOptions opt;
    if (auto n = a.get("products"))
        opt.products = static_cast<std::size_t>(parseInteger(*n, "--products"));
    if (auto s = a.get("seed"))
        opt.seed = static_cast<std::uint64_t>(parseInteger(*s, "--seed"));
    if (!a.has("demo"))
        throw UsageError("only `ocop init --demo` is available until the terminal is enrolled with a central server");
    auto svc = PosService::initDemo(dataDirOf(a), opt);
    const auto stats = svc->store().catalogStats();
    if (asJson)
        print({{"data", svc->dataDir().string()}, {"products", stats.products}, {"producers", stats.producers}});
    else
        std::cout << "initialised " << svc->dataDir().string() << " with " << stats.products << " products from "
                  << stats.producers << " producers\n";
    return 0;
}

int cmdStats(const Args& a, bool)
{
    auto svc = openExisting(a);
    const auto s = svc->store().catalogStats();
    json kinds = json::object();
    for (const auto& [k, n] : s.producersByKind)
        kinds[std::string(producerKindKey(k))] = n;
    json legacy = json::object();
    for (const auto& [g, n] : s.productsByLegacyGroup)
        legacy[std::string(legacyGroupKey(g))] = n;
    json groups = json::object();
    for (const auto& [g, n] : s.productsByGroup)
        groups[std::string(groupKey(g))] = n;
    json stars = json::object();
    for (const auto& [st, n] : s.productsByStars)
        stars[std::to_string(st)] = n;
    // The published figures use the 2019 groups; the 2023 groups follow.
    print({{"products", s.products},
           {"active_products", s.activeProducts},
           {"producers", s.producers},
           {"producers_by_kind", kinds},
           {"products_by_group", legacy},
           {"products_by_group_2023", groups},
           {"products_by_stars", stars},
           {"potential_five_star", s.potentialFiveStar},
           {"points", s.salesPoints}});
    return 0;
}

int cmdProducts(const Args& a, bool asJson)
{
    if (a.positional.size() < 3 || a.positional[1] != "search")
        throw UsageError("usage: ocop products search TEXT");
    std::string query;
    for (std::size_t i = 2; i < a.positional.size(); ++i)
        query += (i > 2 ? " " : "") + a.positional[i];
    std::size_t limit = 20;
    if (auto l = a.get("limit"))
        limit = static_cast<std::size_t>(parseInteger(*l, "--limit"));
    int group = 0;
    if (auto g = a.get("group")) {
        auto key = groupFromKey(*g);
        if (!key)
            throw UserError("unknown group " + *g + " (food, drinks, herbal, handicraft, ornamental, tourism)");
        group = static_cast<int>(*key);
    }
    auto svc = openExisting(a);
    const auto hits = svc->search(query, limit, group);
    if (asJson) {
        json arr = json::array();
        for (const Product* p : hits)
            arr.push_back(toJson(*p));
        print(arr);
    } else {
        for (const Product* p : hits)
            std::cout << p->code << "  " << p->gtin << "  " << std::string(static_cast<std::size_t>(p->stars), '*')
                      << "  " << formatVnd(p->price) << "  " << p->nameVi << "\n";
    }
    return 0;
}

int cmdSell(const Args& a, bool asJson)
{
    if (a.positional.size() < 2)
        throw UsageError("usage: ocop sell CODE[xQTY]... --pay METHOD[:AMOUNT]");
    auto svc = openExisting(a);
    Store& store = svc->store();
    Cart cart;
    for (std::size_t i = 1; i < a.positional.size(); ++i) {
        const auto cq = parseCodeQty(a.positional[i]);
        cart.add(svc->requireSellable(cq.code), cq.quantity);
    }
    if (auto d = a.get("discount"))
        cart.setCartDiscount(parseDiscount(*d));
    const Money total = cart.totals().total;

    std::vector<Payment> payments;
    auto pays = a.all("pay");
    if (pays.empty())
        pays.push_back("cash");
    for (const auto& spec : pays) {
        Payment p;
        const auto c1 = spec.find(':');
        const auto methodKey = spec.substr(0, c1);
        const auto method = paymentMethodFromKey(methodKey);
        if (!method)
            throw UserError("unknown payment method " + methodKey + " (cash, bank_transfer, card, ewallet)");
        p.method = *method;
        if (c1 == std::string::npos) {
            p.amount = amountDue(total, payments); // the rest of the bill
            if (p.amount == 0)
                throw UserError("payment " + spec + " is not needed: the total is already covered");
        } else {
            const auto c2 = spec.find(':', c1 + 1);
            p.amount = parseMoney(spec.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1));
            if (c2 != std::string::npos)
                p.reference = spec.substr(c2 + 1);
        }
        payments.push_back(p);
    }

    const auto cashier = a.get("cashier").value_or(defaultCashier(store));
    if (!store.user(cashier))
        throw UserError("unknown cashier " + cashier);
    SaleDraft draft;
    draft.cart = &cart;
    draft.payments = payments;
    draft.cashierId = cashier;
    if (auto pin = a.get("approve"))
        draft.approvedBy = store.authenticateManager(*pin, nowMs()).id;
    // Validate everything that needs no write before opening a shift, so
    // bad input leaves the database exactly as it was.
    draft.openShiftIfNone = true;
    const auto shiftBefore = currentShiftId(store);
    const Sale sale = store.commitSale(draft, nowMs());
    reportOpenedShift(store, shiftBefore, sale.shiftId);
    if (asJson) {
        print(toJson(sale));
    } else {
        std::cout << sale.receiptNo << "  total " << formatVnd(sale.total) << "  VAT " << formatVnd(sale.vat)
                  << "  change " << formatVnd(sale.change) << "\n";
    }
    return 0;
}

int cmdReturn(const Args& a, bool asJson)
{
    if (a.positional.size() < 2)
        throw UsageError("usage: ocop return RECEIPT [CODE[xQTY]...]");
    auto svc = openExisting(a);
    Store& store = svc->store();
    ReturnDraft draft;
    draft.originalReceiptNo = a.positional[1];
    for (std::size_t i = 2; i < a.positional.size(); ++i) {
        const auto cq = parseCodeQty(a.positional[i]);
        const Product* p = svc->resolveCode(cq.code);
        draft.lines.push_back({0, p ? p->code : cq.code, cq.quantity});
    }
    if (auto m = a.get("refund")) {
        const auto method = paymentMethodFromKey(*m);
        if (!method)
            throw UserError("unknown refund method " + *m);
        draft.refundMethod = method;
    }
    draft.reason = a.get("reason").value_or("");
    draft.cashierId = a.get("cashier").value_or(defaultCashier(store));
    if (!store.user(draft.cashierId))
        throw UserError("unknown cashier " + draft.cashierId);
    draft.openShiftIfNone = true;
    const auto shiftBefore = currentShiftId(store);
    const SaleReturn ret = store.commitReturn(draft, nowMs());
    reportOpenedShift(store, shiftBefore, ret.shiftId);
    if (asJson)
        print(toJson(ret));
    else
        std::cout << ret.receiptNo << "  refund " << formatVnd(ret.total) << "\n";
    return 0;
}

int cmdStock(const Args& a, bool asJson)
{
    auto svc = openExisting(a);
    if (auto code = a.get("code")) {
        const Product& p = svc->requireSellable(*code);
        const auto n = svc->store().onHand(p.code);
        if (asJson)
            print({{"code", p.code}, {"name", p.nameVi}, {"on_hand", n}});
        else
            std::cout << p.code << "  " << n << "  " << p.nameVi << "\n";
        return 0;
    }
    const auto levels = svc->store().stockLevels();
    if (asJson) {
        json arr = json::array();
        for (const auto& l : levels)
            arr.push_back({{"code", l.productCode}, {"name", l.name}, {"on_hand", l.onHand}});
        print(arr);
    } else {
        for (const auto& l : levels)
            std::cout << l.productCode << "  " << l.onHand << "  " << l.name << "\n";
    }
    return 0;
}

int cmdReport(const Args& a, bool asJson)
{
    if (a.positional.size() < 2 || a.positional[1] != "day")
        throw UsageError("usage: ocop report day [--date YYYY-MM-DD]");
    auto svc = openExisting(a);
    const auto date = a.get("date").value_or(localIsoDate(nowMs()));
    const auto r = svc->store().dayReport(date);
    const json j = {{"date", r.date},
                    {"point", svc->store().settings().pointCode},
                    {"terminal", svc->store().settings().terminalCode},
                    {"sales_count", r.salesCount},
                    {"total", r.salesTotal},
                    {"vat", r.vat},
                    {"discounts", r.discounts},
                    {"items_sold", r.itemsSold},
                    {"returns_count", r.returnsCount},
                    {"returns_total", r.returnsTotal},
                    {"net", r.net},
                    {"by_method", methodsJson(r.salesByMethod)},
                    {"refunds_by_method", methodsJson(r.refundsByMethod)}};
    if (asJson) {
        print(j);
    } else {
        std::cout << "Ngày " << r.date << ": " << r.salesCount << " hóa đơn, doanh thu " << formatVnd(r.salesTotal)
                  << ", trả hàng " << formatVnd(r.returnsTotal) << ", thuần " << formatVnd(r.net) << "\n";
        for (const auto& [m, v] : r.salesByMethod)
            std::cout << "  " << paymentMethodNameVi(m) << ": " << formatVnd(v) << "\n";
    }
    return 0;
}

int cmdReceipt(const Args& a, bool asJson, int argc, char** argv)
{
    if (a.positional.size() < 2)
        throw UsageError("usage: ocop receipt RECEIPT [--png FILE] [--escpos FILE] [--print TARGET]");
    auto svc = openExisting(a);
    const auto settings = svc->store().settings();
    int widthMm = settings.paperWidthMm;
    if (auto w = a.get("width"))
        widthMm = static_cast<int>(parseInteger(*w, "--width"));
    if (widthMm != 58 && widthMm != 80)
        throw UserError("--width must be 58 or 80");
    const auto png = a.get("png");
    const auto escpos = a.get("escpos");
    const auto target = a.get("print");
    if (target && !isValidPrinterTarget(*target))
        throw UserError("printer target must be file:PATH, a device path or tcp://HOST:PORT");
    auto receipt = svc->receiptFor(a.positional[1], /*reprint=*/target.has_value() || escpos.has_value());
    if (!receipt)
        throw UserError("no receipt " + a.positional[1] + " on this terminal");

    // Rendering needs a Qt GUI application but never a display.
    if (!std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    // Qt's own chatter ("XDG_RUNTIME_DIR not set", font warnings) goes to the
    // log, not stderr: stderr carries at most the one-line reason.
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString& msg) {
        spdlog::info("qt: {}", msg.toStdString());
    });
    QGuiApplication app(argc, argv);
    const auto paper = widthMm == 58 ? PaperWidth::Mm58 : PaperWidth::Mm80;
    const QImage image = renderReceipt(*receipt, paper);
    json out = {{"receipt", receipt->receiptNo}, {"width", image.width()}, {"height", image.height()}};
    if (png) {
        if (!saveReceiptPng(image, QString::fromStdString(*png)))
            throw UserError("cannot write " + *png);
        out["png"] = *png;
    }
    const std::string bytes = encodeEscPosRaster(toMonoBitmap(image));
    if (escpos) {
        const auto r = sendToPrinter("file:" + *escpos, bytes);
        if (!r.ok)
            throw UserError("cannot write " + *escpos + ": " + r.error);
        out["escpos"] = *escpos;
        out["escpos_bytes"] = bytes.size();
    }
    if (target) {
        const auto r = sendToPrinter(*target, bytes);
        svc->store().audit("", r.ok ? "receipt_printed" : "print_failed", receipt->receiptNo + " " + r.error, nowMs());
        if (!r.ok)
            throw StorageError("printing " + receipt->receiptNo + " failed: " + r.error);
        out["printed"] = *target;
    }
    if (asJson)
        print(out);
    else
        std::cout << receipt->receiptNo << "  " << image.width() << "x" << image.height() << "\n";
    return 0;
}

std::map<std::int64_t, std::int64_t> parseCount(const std::string& spec)
{
    // "500000x2,200000x1,10000x7"
    std::map<std::int64_t, std::int64_t> counts;
    std::size_t start = 0;
    while (start < spec.size()) {
        auto end = spec.find(',', start);
        if (end == std::string::npos)
            end = spec.size();
        const std::string item = spec.substr(start, end - start);
        const auto x = item.find_first_of("xX");
        if (x == std::string::npos)
            throw UserError("a cash count looks like 500000x2,100000x5");
        counts[parseMoney(item.substr(0, x))] += parseInteger(item.substr(x + 1), "a banknote count");
        start = end + 1;
    }
    return counts;
}

int cmdShift(const Args& a, bool asJson)
{
    const std::string sub = a.positional.size() > 1 ? a.positional[1] : "status";
    auto svc = openExisting(a);
    Store& store = svc->store();
    if (sub == "open") {
        const Money fl = a.get("float") ? parseMoney(*a.get("float")) : 0;
        const auto s = store.startShift(a.get("cashier").value_or(defaultCashier(store)), fl, nowMs());
        if (asJson)
            print({{"shift_id", s.id}, {"cashier", s.cashierName}, {"opening_float", s.openingFloat}});
        else
            std::cout << "shift opened for " << s.cashierName << "\n";
        return 0;
    }
    const auto open = store.openShift();
    if (sub == "status") {
        if (!open) {
            if (asJson)
                print({{"open", false}});
            else
                std::cout << "no shift open\n";
            return 0;
        }
        const auto z = store.shiftReport(open->id, nowMs());
        if (asJson) {
            auto j = toJson(z);
            j["open"] = true;
            print(j);
        } else {
            std::cout << "shift of " << z.cashierName << ": " << z.salesCount << " sales, expected cash "
                      << formatVnd(z.expectedCash) << "\n";
        }
        return 0;
    }
    if (sub == "close") {
        if (!open)
            throw UserError("no shift is open");
        const auto z = store.closeShift(open->id, parseCount(a.get("count").value_or("")), nowMs());
        if (asJson)
            print(toJson(z));
        else
            std::cout << "Z report: sales " << formatVnd(z.salesTotal) << ", expected cash " << formatVnd(z.expectedCash)
                      << ", counted " << formatVnd(z.countedCash) << ", variance " << formatVnd(z.variance) << "\n";
        return 0;
    }
    throw UsageError("usage: ocop shift status|open|close");
}

int cmdConfig(const Args& a, bool asJson)
{
    auto svc = openExisting(a);
    Store& store = svc->store();
    const std::string sub = a.positional.size() > 1 ? a.positional[1] : "get";
    auto s = store.settings();
    std::map<std::string, std::string*> strings{{"point_code", &s.pointCode},   {"terminal_code", &s.terminalCode},
                                                {"shop_name", &s.shopName},     {"shop_address", &s.shopAddress},
                                                {"shop_phone", &s.shopPhone},   {"tax_code", &s.taxCode},
                                                {"printer", &s.printer},        {"language", &s.language}};
    if (sub == "set") {
        if (a.positional.size() != 4)
            throw UsageError("usage: ocop config set KEY VALUE");
        const auto& key = a.positional[2];
        const auto& value = a.positional[3];
        // The showroom's bank account for VietQR transfers.
        if (key == "bank_bin" || key == "bank_account" || key == "bank_account_name") {
            if (key != "bank_account_name") // throws UserError naming what is wrong
                scan::validateVietQrAccount(key == "bank_bin" ? value : "970415", key == "bank_account" ? value : "0");
            store.setSetting(key, value);
            return 0;
        }
        // Print a bank transfer's VietQR on the sale receipt.
        if (key == "receipt_vietqr") {
            if (value != "0" && value != "1")
                throw UserError("receipt_vietqr must be 0 or 1");
            store.setSetting(key, value);
            return 0;
        }
        if (auto it = strings.find(key); it != strings.end())
            *it->second = value;
        else if (key == "discount_limit_percent")
            s.discountLimitPercent = static_cast<int>(parseInteger(value, key.c_str()));
        else if (key == "paper_width_mm")
            s.paperWidthMm = static_cast<int>(parseInteger(value, key.c_str()));
        else if (key == "allow_negative_stock")
            s.allowNegativeStock = value == "1" || value == "true";
        else
            throw UserError("unknown setting " + key);
        if (key == "printer" && !value.empty() && !isValidPrinterTarget(value))
            throw UserError("printer target must be file:PATH, a device path or tcp://HOST:PORT");
        if (key == "language" && value != "vi" && value != "en")
            throw UserError("language must be vi or en");
        store.saveSettings(s);
        return 0;
    }
    json j = {{"discount_limit_percent", s.discountLimitPercent},
              {"paper_width_mm", s.paperWidthMm},
              {"allow_negative_stock", s.allowNegativeStock}};
    for (const auto& [k, v] : strings)
        j[k] = *v;
    for (const char* k : {"bank_bin", "bank_account", "bank_account_name"})
        j[k] = store.setting(k).value_or("");
    j["receipt_vietqr"] = store.setting("receipt_vietqr").value_or("0");
    if (a.positional.size() > 2) {
        const auto& key = a.positional[2];
        // Sync state is readable for scripts (never the token).
        static const std::set<std::string> syncKeys{"sync_server_url", "sync_terminal_id", "sync_point_name",
                                                    "sync_last_success_ms", "catalog_version"};
        if (syncKeys.count(key)) {
            std::cout << store.setting(key).value_or("") << "\n";
            return 0;
        }
        if (!j.contains(key))
            throw UserError("unknown setting " + key);
        std::cout << (j[key].is_string() ? j[key].get<std::string>() : j[key].dump()) << "\n";
        return 0;
    }
    (void)asJson;
    print(j);
    return 0;
}

int cmdUsers(const Args& a, bool asJson)
{
    auto svc = openExisting(a);
    json arr = json::array();
    for (const auto& u : svc->store().users())
        arr.push_back({{"id", u.id}, {"name", u.name}, {"role", roleKey(u.role)}, {"active", u.active}});
    if (asJson)
        print(arr);
    else
        for (const auto& u : arr)
            std::cout << u["id"].get<std::string>() << "  " << u["role"].get<std::string>() << "  "
                      << u["name"].get<std::string>() << "\n";
    return 0;
}

int cmdEnroll(const Args& a, bool asJson)
{
    if (a.positional.size() != 3)
        throw UsageError("usage: ocop enroll URL CODE [--name NAME]");
    auto svc = openExisting(a);
    const auto name = a.get("name").value_or("Quầy " + svc->store().settings().terminalCode);
    sync::EnrollResult r;
    try {
        r = sync::enroll(svc->store(), svc->dataDir(), a.positional[1], a.positional[2], name);
    } catch (const sync::EnrollError& e) {
        std::fprintf(stderr, "ocop: %s\n", e.what());
        return 1;
    }
    const auto set = svc->store().settings();
    if (asJson)
        print({{"terminal_id", r.response.terminalId}, {"point_code", set.pointCode},
               {"terminal_code", set.terminalCode}, {"point_name", r.response.pointName},
               {"centre_point_code", r.response.pointCode}, {"centre_terminal_code", r.response.terminalCode},
               {"codes_adopted", r.codesAdopted}, {"server", r.serverUrl}, {"clock_offset_ms", r.clockOffsetMs}});
    else
        std::cout << "enrolled " << set.pointCode << "-" << set.terminalCode << " at " << r.serverUrl << " ("
                  << r.response.pointName << ")\n";
    return 0;
}

// One pass: push everything pending, pull the catalog. Exit 0 when nothing
// is left pending, 1 when the centre could not be reached (after retries for
// at most --timeout seconds), refused or another sync holds the data dir.
int cmdSync(const Args& a, bool asJson)
{
    if (a.positional.size() != 1)
        throw UsageError("usage: ocop sync [--server URL] [--timeout SECONDS]");
    const auto server = a.get("server");
    if (server)
        sync::normalizeServerUrl(*server); // a malformed URL is bad input: exit 2
    std::int64_t timeoutS = 60;
    if (auto t = a.get("timeout"))
        timeoutS = parseInteger(*t, "--timeout");
    if (timeoutS < 1 || timeoutS > 3600)
        throw UserError("--timeout must be 1 to 3600 seconds");
    auto svc = openExisting(a);
    sync::HttpOptions http;
    http.totalTimeout = std::min<std::chrono::milliseconds>(http.totalTimeout, std::chrono::seconds(timeoutS));
    http.connectTimeout = std::min<std::chrono::milliseconds>(http.connectTimeout, std::chrono::seconds(timeoutS));
    sync::HttpClient client(sync::httpOptionsFor(svc->store(), http));
    sync::PassLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutS);
    const auto r = sync::syncDataDir(svc->store(), svc->dataDir(), client, server, limits, [&] { svc->reloadCatalog(); });
    if (r.outcome == sync::PassOutcome::NotEnrolled)
        throw UserError(r.error);
    json j = {{"ok", r.outcome == sync::PassOutcome::Ok && r.pending == 0},
              {"outcome", sync::outcomeKey(r.outcome)},
              {"pushed", r.pushed},
              {"acked_through", r.ackedThrough},
              {"rejected", r.rejected},
              {"quarantined", r.quarantined},
              {"pending", r.pending},
              {"catalog_version", r.catalogVersion},
              {"clock_offset_ms", r.clockOffsetMs ? json(*r.clockOffsetMs) : json(nullptr)}};
    if (!r.error.empty())
        j["error"] = r.error;
    if (asJson)
        print(j);
    else if (r.outcome == sync::PassOutcome::Ok)
        std::cout << "pushed " << r.pushed << " events, " << r.rejected << " quarantined, " << r.pending
                  << " pending; catalog version " << r.catalogVersion << "\n";
    if (r.outcome != sync::PassOutcome::Ok) {
        std::fprintf(stderr, "ocop: %s\n", r.error.c_str());
        return 1;
    }
    return r.pending == 0 ? 0 : 1;
}

} // namespace

int run(std::vector<std::string> raw, int argc, char** argv)
{
    const Args a = parse(raw);
    if (a.has("help")) {
        std::cout << kUsage << "\n";
        return 0;
    }
    if (a.positional.empty())
        throw UsageError("no command given; see ocop --help");
    const std::string& cmd = a.positional.front();

    // An option a command does not know is refused, never ignored: a typo in
    // `--pay` must not turn a card sale into a cash sale.
    static const std::map<std::string, std::set<std::string>> kOptions{
        {"init", {"demo", "products", "seed"}},
        {"stats", {}},
        {"products", {"limit", "group"}},
        {"sell", {"pay", "discount", "cashier", "approve"}},
        {"return", {"refund", "reason", "cashier"}},
        {"stock", {"code"}},
        {"report", {"date"}},
        {"receipt", {"png", "escpos", "print", "width"}},
        {"shift", {"float", "cashier", "count"}},
        {"config", {}},
        {"users", {}},
        {"enroll", {"name"}},
        {"sync", {"server", "timeout"}},
        {"parse", {"symbology"}},
        {"scan", {"budget"}},
        {"vietqr", {"amount", "ref", "bin", "account"}},
    };
    const auto known = kOptions.find(cmd);
    if (known == kOptions.end())
        throw UsageError("unknown command '" + cmd + "'; see ocop --help");
    for (const auto& [name, value] : a.options)
        if (name != "data" && name != "json" && !known->second.count(name))
            throw UsageError("unknown option --" + name + " for " + cmd + "; see ocop --help");

    const bool asJson = a.has("json");
    // Log into the data directory only when it holds a terminal (or init is
    // about to create one): a command pointed at a wrong --data must not
    // leave directories behind.
    const fs::path dataDir = dataDirOf(a);
    std::error_code ec;
    if (cmd == "init" ? a.has("demo") : fs::exists(PosService::databasePath(dataDir), ec)) {
        setupLogging(dataDir, "ocop");
    } else {
        auto logger = std::make_shared<spdlog::logger>("ocop", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        logger->set_level(spdlog::level::warn);
        spdlog::set_default_logger(logger);
    }
    if (cmd == "init") return cmdInit(a, asJson);
    if (cmd == "stats") return cmdStats(a, asJson);
    if (cmd == "products") return cmdProducts(a, asJson);
    if (cmd == "sell") return cmdSell(a, asJson);
    if (cmd == "return") return cmdReturn(a, asJson);
    if (cmd == "stock") return cmdStock(a, asJson);
    if (cmd == "report") return cmdReport(a, asJson);
    if (cmd == "receipt") return cmdReceipt(a, asJson, argc, argv);
    if (cmd == "shift") return cmdShift(a, asJson);
    if (cmd == "config") return cmdConfig(a, asJson);
    if (cmd == "users") return cmdUsers(a, asJson);
    if (cmd == "enroll") return cmdEnroll(a, asJson);
    if (cmd == "sync") return cmdSync(a, asJson);
    if (cmd == "parse") return cmdParse(a.positional, a.options, asJson);
    if (cmd == "scan") return cmdScan(a.positional, a.options, dataDir, asJson);
    if (cmd == "vietqr") return cmdVietQr(a.positional, a.options, dataDir, asJson);
    throw UsageError("unknown command '" + cmd + "'; see ocop --help");
}

} // namespace ocop::cli

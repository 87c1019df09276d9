#include "xlsx_report.h"

#include "core/catalog.h"
#include "core/errors.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <vector>

namespace ocop::central {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::int64_t num(const json& j, const char* key)
{
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? 0 : it->get<std::int64_t>();
}

std::string str(const json& j, const char* key)
{
    auto it = j.find(key);
    return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

std::string methodNameVi(const std::string& m)
{
    if (m == "cash")
        return "Tiền mặt";
    if (m == "bank_transfer")
        return "Chuyển khoản (VietQR)";
    if (m == "card")
        return "Thẻ";
    if (m == "ewallet")
        return "Ví điện tử";
    return m;
}

std::string groupName(std::int64_t g)
{
    if (g < 1 || g > 6)
        return "(không còn trong danh mục)";
    return std::string(groupNameVi(static_cast<OcopGroup>(g)));
}

// A workbook written next to its final name and renamed into place only when
// libxlsxwriter reports success, so a failed export never leaves half a file
// that someone might send on.
class Workbook {
public:
    Workbook(const std::string& path) : m_path(path), m_partial(path + ".partial")
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_FALSE;
        options.use_zip64 = LXW_FALSE;
        // libxlsxwriter only finds out at close time, and says so on stderr;
        // check first so the admin gets one clear line.
        const fs::path parent = fs::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty() && !fs::is_directory(parent, ec))
            throw UserError("cannot write " + path + ": no such directory");
        if (FILE* probe = std::fopen(m_partial.c_str(), "wb"))
            std::fclose(probe);
        else
            throw UserError("cannot write " + path + ": " + std::strerror(errno));
        m_wb = workbook_new_opt(m_partial.c_str(), &options);
        if (!m_wb)
            throw UserError("cannot create " + path);
        m_props.title = const_cast<char*>("Báo cáo OCOP");
        m_props.company = const_cast<char*>("Chương trình OCOP Hà Nội");
        workbook_set_properties(m_wb, &m_props);
        title = workbook_add_format(m_wb);
        format_set_bold(title);
        format_set_font_size(title, 14);
        header = workbook_add_format(m_wb);
        format_set_bold(header);
        format_set_bg_color(header, 0xDCE6F1);
        format_set_border(header, LXW_BORDER_THIN);
        format_set_text_wrap(header);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        money = workbook_add_format(m_wb);
        format_set_num_format(money, "#,##0");
        count = workbook_add_format(m_wb);
        format_set_num_format(count, "#,##0");
        totalLabel = workbook_add_format(m_wb);
        format_set_bold(totalLabel);
        format_set_top(totalLabel, LXW_BORDER_THIN);
        totalMoney = workbook_add_format(m_wb);
        format_set_bold(totalMoney);
        format_set_num_format(totalMoney, "#,##0");
        format_set_top(totalMoney, LXW_BORDER_THIN);
    }
    ~Workbook()
    {
        if (m_wb) { // not closed: an exception is on its way; drop the partial file
            workbook_close(m_wb);
            std::error_code ec;
            fs::remove(m_partial, ec);
        }
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_worksheet* sheet(const char* name) { return workbook_add_worksheet(m_wb, name); }

    void close()
    {
        const lxw_error err = workbook_close(m_wb);
        m_wb = nullptr;
        std::error_code ec;
        if (err != LXW_NO_ERROR) {
            fs::remove(m_partial, ec);
            throw UserError("cannot write " + m_path + ": " + lxw_strerror(err));
        }
        fs::rename(m_partial, m_path, ec);
        if (ec) {
            fs::remove(m_partial, ec);
            throw UserError("cannot write " + m_path + ": " + ec.message());
        }
    }

    lxw_format* title = nullptr;
    lxw_format* header = nullptr;
    lxw_format* money = nullptr;
    lxw_format* count = nullptr;
    lxw_format* totalLabel = nullptr;
    lxw_format* totalMoney = nullptr;

private:
    std::string m_path;
    std::string m_partial;
    lxw_workbook* m_wb = nullptr;
    lxw_doc_properties m_props{};
};

// A table with a header row at `top`, columns of text or numbers, and a
// totals row written as SUM formulas with their values cached, so the sheet
// reads correctly even in viewers that do not recalculate.
struct Column {
    const char* heading;
    double width;
    bool numeric;
    bool total; // numeric columns summed in the totals row
};

class Table {
public:
    Table(Workbook& wb, lxw_worksheet* ws, lxw_row_t top, std::vector<Column> cols)
        : m_wb(wb), m_ws(ws), m_top(top), m_cols(std::move(cols)), m_sums(m_cols.size(), 0)
    {
        for (lxw_col_t c = 0; c < m_cols.size(); ++c) {
            worksheet_set_column(ws, c, c, m_cols[c].width, nullptr);
            worksheet_write_string(ws, top, c, m_cols[c].heading, wb.header);
        }
        worksheet_set_row(ws, top, 32, nullptr);
        worksheet_freeze_panes(ws, top + 1, 0);
    }

    void row(const std::vector<json>& cells)
    {
        const lxw_row_t r = m_top + 1 + m_rows;
        for (lxw_col_t c = 0; c < cells.size() && c < m_cols.size(); ++c) {
            const json& v = cells[c];
            if (v.is_number_integer()) {
                worksheet_write_number(m_ws, r, c, static_cast<double>(v.get<std::int64_t>()), m_wb.money);
                m_sums[c] += v.get<std::int64_t>();
            } else if (v.is_string()) {
                worksheet_write_string(m_ws, r, c, v.get<std::string>().c_str(), nullptr);
            }
        }
        ++m_rows;
    }

    void finish(const char* totalCaption)
    {
        if (m_rows > 0)
            worksheet_autofilter(m_ws, m_top, 0, m_top + m_rows, static_cast<lxw_col_t>(m_cols.size() - 1));
        const lxw_row_t r = m_top + 1 + m_rows;
        worksheet_write_string(m_ws, r, 0, totalCaption, m_wb.totalLabel);
        for (lxw_col_t c = 1; c < m_cols.size(); ++c) {
            if (!m_cols[c].total) {
                worksheet_write_blank(m_ws, r, c, m_wb.totalLabel);
                continue;
            }
            char range[64];
            lxw_col_to_name(range, c, LXW_FALSE);
            std::string colName = range;
            const std::string formula = "=SUBTOTAL(109," + colName + std::to_string(m_top + 2) + ":" + colName +
                                        std::to_string(m_top + 1 + m_rows) + ")";
            worksheet_write_formula_num(m_ws, r, c, formula.c_str(), m_wb.totalMoney, static_cast<double>(m_sums[c]));
        }
    }

private:
    Workbook& m_wb;
    lxw_worksheet* m_ws;
    lxw_row_t m_top;
    std::vector<Column> m_cols;
    std::vector<std::int64_t> m_sums;
    lxw_row_t m_rows = 0;
};

std::string periodText(const json& report)
{
    const std::string from = str(report, "from");
    const std::string to = str(report, "to");
    if (from.empty() && to.empty())
        return "Kỳ báo cáo: toàn bộ dữ liệu";
    return "Kỳ báo cáo: " + (from.empty() ? std::string("đầu kỳ") : from) + " đến " +
           (to.empty() ? std::string("nay") : to);
}

void heading(Workbook& wb, lxw_worksheet* ws, const std::string& caption, const json& report,
             const std::string& generatedAt)
{
    worksheet_write_string(ws, 0, 0, caption.c_str(), wb.title);
    worksheet_write_string(ws, 1, 0, periodText(report).c_str(), nullptr);
    worksheet_write_string(ws, 2, 0, ("Lập lúc: " + generatedAt + " (giờ Hà Nội). Tiền: đồng, đã gồm VAT.").c_str(),
                           nullptr);
}

} // namespace

void writeSalesWorkbook(const json& report, const std::string& path, const std::string& generatedAt)
{
    Workbook wb(path);
    constexpr lxw_row_t top = 4;

    {
        auto* ws = wb.sheet("Tổng hợp");
        heading(wb, ws, "Báo cáo doanh thu các điểm bán OCOP", report, generatedAt);
        Table t(wb, ws, top,
                {{"Mã điểm", 9, false, false},
                 {"Điểm bán", 36, false, false},
                 {"Quận/huyện", 16, false, false},
                 {"Số hóa đơn", 11, true, true},
                 {"Doanh thu", 16, true, true},
                 {"Thuế GTGT", 14, true, true},
                 {"Số phiếu trả", 11, true, true},
                 {"Tiền trả lại", 14, true, true},
                 {"Doanh thu thuần", 16, true, true}});
        for (const auto& p : report.value("points", json::array()))
            t.row({str(p, "point"), str(p, "name"), str(p, "district"), num(p, "sales_count"), num(p, "total"),
                   num(p, "vat"), num(p, "returns_count"), num(p, "returns_total"), num(p, "net")});
        t.finish("Tổng cộng");
    }
    {
        auto* ws = wb.sheet("Theo ngày");
        heading(wb, ws, "Doanh thu theo điểm bán và ngày", report, generatedAt);
        Table t(wb, ws, top,
                {{"Mã điểm", 9, false, false},
                 {"Ngày", 12, false, false},
                 {"Số hóa đơn", 11, true, true},
                 {"Số sản phẩm", 11, true, true},
                 {"Doanh thu", 16, true, true},
                 {"Chiết khấu", 14, true, true},
                 {"Thuế GTGT", 14, true, true},
                 {"Số phiếu trả", 11, true, true},
                 {"Tiền trả lại", 14, true, true},
                 {"Doanh thu thuần", 16, true, true}});
        for (const auto& d : report.value("days", json::array()))
            t.row({str(d, "point"), str(d, "date"), num(d, "sales_count"), num(d, "items_sold"), num(d, "total"),
                   num(d, "discounts"), num(d, "vat"), num(d, "returns_count"), num(d, "returns_total"),
                   num(d, "net")});
        t.finish("Tổng cộng");
    }
    std::vector<json> products;
    for (const auto& p : report.value("products", json::array()))
        products.push_back(p);
    std::stable_sort(products.begin(), products.end(), [](const json& a, const json& b) {
        return num(a, "net") - num(a, "returned") > num(b, "net") - num(b, "returned");
    });
    {
        auto* ws = wb.sheet("Theo sản phẩm");
        heading(wb, ws, "Doanh thu theo sản phẩm OCOP", report, generatedAt);
        Table t(wb, ws, top,
                {{"Mã sản phẩm", 13, false, false},
                 {"Tên sản phẩm", 40, false, false},
                 {"Nhóm OCOP", 22, false, false},
                 {"Sao", 6, true, false},
                 {"Chủ thể", 32, false, false},
                 {"Số lượng bán", 12, true, true},
                 {"Doanh thu", 16, true, true},
                 {"Thuế GTGT", 14, true, true},
                 {"Số lượng trả", 12, true, true},
                 {"Tiền trả lại", 14, true, true},
                 {"Doanh thu thuần", 16, true, true}});
        for (const auto& p : products)
            t.row({str(p, "code"), str(p, "name"), groupName(num(p, "group")), num(p, "stars"), str(p, "producer"),
                   num(p, "quantity"), num(p, "net"), num(p, "vat"), num(p, "returned_quantity"), num(p, "returned"),
                   num(p, "net") - num(p, "returned")});
        t.finish("Tổng cộng");
    }
    {
        struct Key {
            std::int64_t group, stars;
            auto operator<=>(const Key&) const = default;
        };
        std::map<Key, std::array<std::int64_t, 4>> groups; // products, quantity, net, returned
        for (const auto& p : products) {
            auto& g = groups[{num(p, "group"), num(p, "stars")}];
            g[0] += 1;
            g[1] += num(p, "quantity") - num(p, "returned_quantity");
            g[2] += num(p, "net");
            g[3] += num(p, "returned");
        }
        auto* ws = wb.sheet("Theo nhóm OCOP");
        heading(wb, ws, "Doanh thu theo nhóm sản phẩm và hạng sao OCOP", report, generatedAt);
        Table t(wb, ws, top,
                {{"Nhóm OCOP", 30, false, false},
                 {"Hạng sao", 9, true, false},
                 {"Số sản phẩm có bán", 14, true, true},
                 {"Số lượng (sau trả)", 14, true, true},
                 {"Doanh thu", 16, true, true},
                 {"Tiền trả lại", 14, true, true},
                 {"Doanh thu thuần", 16, true, true}});
        for (const auto& [k, v] : groups)
            t.row({groupName(k.group), k.stars, v[0], v[1], v[2], v[3], v[2] - v[3]});
        t.finish("Tổng cộng");
    }
    {
        auto* ws = wb.sheet("Thanh toán");
        heading(wb, ws, "Thu tiền theo phương thức thanh toán", report, generatedAt);
        Table t(wb, ws, top,
                {{"Phương thức", 24, false, false},
                 {"Số lần thu", 11, true, true},
                 {"Tiền thu", 16, true, true},
                 {"Số lần hoàn", 11, true, true},
                 {"Tiền hoàn", 14, true, true},
                 {"Thu thuần", 16, true, true}});
        for (const auto& m : report.value("methods", json::array()))
            t.row({methodNameVi(str(m, "method")), num(m, "payments"), num(m, "amount"), num(m, "refunds"),
                   num(m, "refunded"), num(m, "amount") - num(m, "refunded")});
        t.finish("Tổng cộng");
    }
    wb.close();
}

void writeStockWorkbook(const json& stockRows, const std::string& path, const std::string& generatedAt)
{
    Workbook wb(path);
    auto* ws = wb.sheet("Tồn kho");
    worksheet_write_string(ws, 0, 0, "Tồn kho theo điểm bán và sản phẩm", wb.title);
    worksheet_write_string(ws, 1, 0, "Tính từ sổ nhập xuất của từng điểm bán.", nullptr);
    worksheet_write_string(ws, 2, 0, ("Lập lúc: " + generatedAt + " (giờ Hà Nội).").c_str(), nullptr);
    // Rows of report stock --by-lot carry a lot: one more column.
    const bool byLot = !stockRows.empty() && stockRows[0].contains("lot");
    if (byLot) {
        Table t(wb, ws, 4,
                {{"Mã điểm", 9, false, false},
                 {"Mã sản phẩm", 13, false, false},
                 {"Lô", 14, false, false},
                 {"Số lượng tồn", 13, true, true}});
        for (const auto& r : stockRows)
            t.row({str(r, "point"), str(r, "code"), str(r, "lot"), num(r, "quantity")});
        t.finish("Tổng cộng");
        wb.close();
        return;
    }
    Table t(wb, ws, 4,
            {{"Mã điểm", 9, false, false}, {"Mã sản phẩm", 13, false, false}, {"Số lượng tồn", 13, true, true}});
    for (const auto& r : stockRows)
        t.row({str(r, "point"), str(r, "code"), num(r, "quantity")});
    t.finish("Tổng cộng");
    wb.close();
}

} // namespace ocop::central

#pragma once
// List models the touch UI shows. Thin views over the domain objects the
// PosController owns: no business rules here, only rows and roles.
#include "core/cart.h"
#include "core/payment.h"
#include "core/sale.h"

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace ocop {

class PosService;
struct Product;

QString qs(const std::string& s);
QString moneyText(Money amount); // "125.000 ₫"

// The product grid: one OCOP group (0 = all) filtered by a search text
// (accent-insensitive, through the service's search index).
class ProductListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int group READ group WRITE setGroup NOTIFY groupChanged)
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY searchTextChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles {
        CodeRole = Qt::UserRole + 1,
        NameRole,
        PriceRole,
        PriceTextRole,
        StarsRole,
        PotentialFiveStarRole,
        GroupRole,
        GroupKeyRole,
        UnitRole,
        GtinRole,
    };
    explicit ProductListModel(QObject* parent = nullptr);

    void setService(PosService* service);
    int group() const { return m_group; }
    void setGroup(int group);
    QString searchText() const { return m_searchText; }
    void setSearchText(const QString& text);
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE QString codeAt(int row) const;

signals:
    void groupChanged();
    void searchTextChanged();
    void countChanged();

private:
    PosService* m_service = nullptr;
    int m_group = 0;
    QString m_searchText;
    std::vector<const Product*> m_rows;
};

// The cart being rung up.
class CartModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles {
        CodeRole = Qt::UserRole + 1,
        NameRole,
        QuantityRole,
        UnitRole,
        StarsRole,
        UnitPriceTextRole,
        GrossTextRole,
        NetTextRole,
        DiscountTextRole,
        HasDiscountRole,
    };
    explicit CartModel(QObject* parent = nullptr);

    // Called after every change of the cart (the model re-reads everything).
    void update(const Cart& cart);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void countChanged();

private:
    std::vector<CartLine> m_lines;
    CartTotals m_totals;
};

// The payments tendered so far for the sale being paid.
class PaymentListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles { MethodRole = Qt::UserRole + 1, MethodNameRole, AmountRole, AmountTextRole, ReferenceRole };
    explicit PaymentListModel(QObject* parent = nullptr);

    void update(const std::vector<Payment>& payments, bool english);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void countChanged();

private:
    std::vector<Payment> m_payments;
    bool m_english = false;
};

// The lines of a sale being returned: what was sold, what can still go back,
// and how many the cashier picked.
struct ReturnPick {
    SaleLine line;
    std::int64_t returnable = 0;
    std::int64_t picked = 0;
    Money refund = 0;
};

class ReturnLinesModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles {
        LineNoRole = Qt::UserRole + 1,
        NameRole,
        SoldRole,
        ReturnableRole,
        PickedRole,
        UnitPriceTextRole,
        NetTextRole,
        RefundTextRole,
    };
    explicit ReturnLinesModel(QObject* parent = nullptr);

    void update(const std::vector<ReturnPick>& picks);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void countChanged();

private:
    std::vector<ReturnPick> m_picks;
};

} // namespace ocop

// Scanning, genealogy and labels: what the materials service answers without changing anything.
#include <cctype>
#include <filesystem>
#include <map>

#include "gemba/core/json.h"

#include "gemba/core/time.h"
#include "gemba/material/label/label.h"
#include "gemba/material/label/label_pdf.h"
#include "gemba/material/label/label_zpl.h"
#include "gemba/material/service.h"
#include "gemba/material/service_support.h"

namespace gemba::material {

namespace {

std::chrono::year_month_day ymd(Date d) { return std::chrono::year_month_day{d}; }

std::string quantity_text(double q) {
  std::string s = format_json_number(round_quantity(q));
  return s;
}

}  // namespace

Result<ScanResult> MaterialService::scan(std::string_view data) {
  if (data.size() > 512) {
    return Error::invalid_argument("a scan is at most 512 characters", {{"field", "data"}});
  }
  const std::chrono::year year = std::chrono::year_month_day{date_of(clock_.now())}.year();
  GEMBA_TRY(parsed, gs1::parse_scan(data, year));
  ScanResult out;
  out.scan = std::move(parsed);
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    if (auto it = out.scan.internal.find(91); it != out.scan.internal.end()) {
      GEMBA_TRY(c, load_container(tx, it->second));
      if (!c) {
        return Error::not_found("container " + it->second + " (AI 91) does not exist",
                                {{"container", it->second}});
      }
      out.container = *c;
      GEMBA_TRY(v, load_lot(tx, c->lot_id));
      if (out.scan.lot && *out.scan.lot != v.lot.lot_number) {
        return Error::failed_precondition("the label of container " + c->id + " says lot " +
                                          *out.scan.lot + ", but the container belongs to lot " +
                                          v.lot.lot_number + "; relabel it before use");
      }
      out.item = v.item;
      out.lot = std::move(v);
      return ok();
    }
    if (out.scan.gtin) {
      GEMBA_TRY(rows,
                tx.query("SELECT item_id FROM material_item_gtin WHERE gtin = ?", *out.scan.gtin));
      if (rows.empty()) {
        return Error::not_found("GTIN " + *out.scan.gtin + " is not in the item master",
                                {{"gtin", *out.scan.gtin}});
      }
      GEMBA_TRY(item, load_item(tx, rows[0].text(0)));
      out.item = item;
      if (out.scan.lot) {
        // The supplier's lot as printed on their label.
        GEMBA_TRY(lots, tx.query("SELECT id FROM material_lot WHERE item_id = ? AND "
                                 "(supplier_lot = ? OR lot_number = ?) ORDER BY received_at_us "
                                 "DESC",
                                 item.id, *out.scan.lot, *out.scan.lot));
        if (!lots.empty()) {
          GEMBA_TRY(v, load_lot(tx, lots[0].text(0)));
          out.lot = std::move(v);
        }
      }
    }
    return ok();
  }));
  return out;
}

Result<Trace> MaterialService::genealogy(const std::string& lot, Direction direction,
                                         std::optional<int> max_depth) {
  GEMBA_TRY(v, get_lot(lot));
  const NodeRef start = NodeRef::lot(v.lot.id);
  if (!index_->contains(start)) {
    // A lot nothing was made from or went into: the trace is the lot alone.
    Trace t;
    t.direction = direction;
    t.max_depth = max_depth;
    t.nodes.push_back({start, 0});
    t.paths.push_back({0});
    return t;
  }
  return index_->trace(start, direction, max_depth);
}

Result<std::function<std::string(const NodeRef&)>> MaterialService::node_labels(
    const Trace& trace) {
  auto labels = std::make_shared<std::map<NodeRef, std::string>>();
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    for (const TraceNode& n : trace.nodes) {
      if (n.node.kind == NodeKind::kLot) {
        GEMBA_TRY(rows, tx.query("SELECT l.lot_number, i.code FROM material_lot l JOIN "
                                 "material_item i ON i.id = l.item_id WHERE l.id = ?",
                                 n.node.id));
        if (!rows.empty()) (*labels)[n.node] = rows[0].text(0) + " (" + rows[0].text(1) + ")";
      } else {
        GEMBA_TRY(rows, tx.query("SELECT number, product_code FROM batch WHERE id = ?", n.node.id));
        if (!rows.empty()) (*labels)[n.node] = rows[0].text(0) + " (" + rows[0].text(1) + ")";
      }
    }
    return ok();
  }));
  return std::function<std::string(const NodeRef&)>([labels](const NodeRef& n) {
    auto it = labels->find(n);
    return it == labels->end() ? n.id : it->second;
  });
}

Result<std::string> MaterialService::label(const std::string& container_id, bool pdf) {
  LabelContent c;
  std::string batch_id;
  GEMBA_RETURN_IF_ERROR(db_.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(container, load_container(tx, container_id));
    if (!container) {
      return Error::not_found("container " + container_id + " does not exist",
                              {{"container", container_id}});
    }
    GEMBA_TRY(v, load_lot(tx, container->lot_id));
    c.kind = container->dispensed ? LabelKind::kDispensed : LabelKind::kContainer;
    c.container_id = container->id;
    c.material_code = v.item.code;
    c.material_name = v.item.name;
    c.lot_number = v.lot.lot_number;
    if (!v.lot.supplier_lot.empty()) c.supplier_lot = v.lot.supplier_lot;
    c.quantity = {quantity_text(container->quantity), v.lot.unit};
    if (v.lot.expiry) c.expiry = ymd(*v.lot.expiry);
    if (v.lot.retest) c.retest = ymd(*v.lot.retest);
    std::string status(lot_status_name(v.effective));
    for (char& ch : status) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    c.lot_status = status;
    if (!v.item.storage_conditions.empty()) c.storage_conditions = v.item.storage_conditions;
    c.barcode = "(91)" + container->id + "(10)" + v.lot.lot_number;
    // Who labelled it: whoever weighed it (dispensed) or received it.
    GEMBA_TRY(moves, tx.query("SELECT user_id, printed_name, at_us FROM material_movement WHERE "
                              "to_container = ? ORDER BY at_us, id",
                              container->id));
    if (!moves.empty()) {
      GEMBA_TRY(users, tx.query("SELECT username FROM users WHERE id = ?", moves[0].text(0)));
      c.user_display_name = moves[0].text(1);
      c.username = users.empty() ? moves[0].text(0) : users[0].text(0);
      c.labelled_at = detail::from_us(moves[0].int64(2));
    }
    if (container->dispensed) {
      batch_id = container->batch_id;
      GEMBA_TRY(rows, tx.query(std::string(detail::kPortionColumns) +
                                   " FROM material_portion WHERE dispensed_container = ?",
                               container->id));
      if (!rows.empty()) {
        const Portion p = detail::portion_from_row(rows[0]);
        c.gross = LabelQuantity{quantity_text(p.gross), p.unit};
        c.tare = LabelQuantity{quantity_text(p.tare), p.unit};
        c.net = LabelQuantity{quantity_text(p.net), p.unit};
      }
      c.step = container->step_key;
    }
    return ok();
  }));
  if (!batch_id.empty()) {
    GEMBA_TRY(b, batches_.get(batch_id));
    c.batch_number = b->header.number;
    if (const recipe::Step* s = batch::find_step(*b, c.step)) c.step = s->name;
  }
  if (c.username.empty()) {
    c.user_display_name = "Gemba";
    c.username = "system";
    c.labelled_at = clock_.now();
  }
  LabelLayout layout;
  const std::filesystem::path fonts = "/usr/share/fonts/truetype/dejavu";
  if (std::filesystem::exists(fonts / "DejaVuSans.ttf") &&
      std::filesystem::exists(fonts / "DejaVuSans-Bold.ttf")) {
    layout.pdf_regular_font_file = (fonts / "DejaVuSans.ttf").string();
    layout.pdf_bold_font_file = (fonts / "DejaVuSans-Bold.ttf").string();
  }
  if (pdf) return render_label_pdf(c, layout);
  return render_label_zpl(c, layout);
}

}  // namespace gemba::material

#include "gemba/batch/service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "gemba/batch/model/batch_json.h"
#include "gemba/batch/pdf/record_pdf.h"
#include "gemba/core/json.h"
#include "gemba/core/time.h"
#include "gemba/recipe/model/format.h"
#include "gemba/trust/permissions.h"
#include "gemba/trust/sha256.h"

namespace gemba::batch {
namespace detail {

// The stored ordinal of runs: the step's position in the procedure, then the occurrence. Built
// once per recipe snapshot (BatchService::ordinals_for).
class RunOrdinals {
 public:
  explicit RunOrdinals(const recipe::MasterRecipe& r) {
    for (const recipe::StepRef& ref : recipe::all_steps(r)) {
      positions_.emplace(ref.step->key, static_cast<std::int64_t>(ref.ordinal));
    }
  }
  std::int64_t of(const StepRun& run) const {
    const auto it = positions_.find(run.key);
    return (it == positions_.end() ? 0 : it->second) * 100000 + run.occurrence;
  }

 private:
  std::unordered_map<std::string_view, std::int64_t> positions_;
};

}  // namespace detail

namespace {

namespace json = boost::json;
namespace perm = trust::perm;

std::int64_t micros(Timestamp t) { return t.time_since_epoch().count(); }

Error batch_not_found(const std::string& id) {
  return Error::not_found("there is no batch " + id, {{"batch", id}});
}

Result<json::value> parse_stored(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::internal("a stored " + std::string(what) + " is not JSON");
  return v;
}

// The run of a run id ("key#occurrence").
const StepRun* run_by_id(const Batch& b, std::string_view id) {
  const auto hash = id.rfind('#');
  if (hash == std::string_view::npos) return nullptr;
  int occurrence = 0;
  std::from_chars(id.data() + hash + 1, id.data() + id.size(), occurrence);
  return find_run(b, id.substr(0, hash), occurrence);
}
StepRun* run_by_id(Batch& b, std::string_view id) {
  return const_cast<StepRun*>(run_by_id(static_cast<const Batch&>(b), id));
}

const BatchException* exception_by_id(const Batch& b, std::string_view id) {
  for (const BatchException& e : b.exceptions) {
    if (e.id == id) return &e;
  }
  return nullptr;
}
BatchException* exception_by_id(Batch& b, std::string_view id) {
  return const_cast<BatchException*>(exception_by_id(static_cast<const Batch&>(b), id));
}

trust::SignatureMeaning meaning_for(std::string_view name) {
  for (trust::SignatureMeaning m : trust::all_meanings()) {
    if (trust::meaning_name(m) == name) return m;
  }
  return trust::SignatureMeaning::kPerformed;  // "responsible": performed, named in the comment
}

// The header signatures bind the batch's identity and every run as it is when signed.
std::string batch_content_hash(const Batch& b, std::string_view meaning) {
  json::array runs;
  for (const StepRun& r : b.steps) {
    json::object o = step_run_to_json(r);
    runs.push_back(std::move(o));
  }
  return trust::content_hash(json::object{{"batch", b.header.id},
                                          {"number", b.header.number},
                                          {"meaning", meaning},
                                          {"runs", std::move(runs)}});
}

std::string product_prefix(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (!std::isalpha(static_cast<unsigned char>(c)) || out.size() == 4) break;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out.empty() ? "B" : out;
}

}  // namespace

Actor batch_actor(const trust::Principal& p) {
  return actor_of(Person{p.user_id, p.printed_name}, p);
}

std::string run_content_hash(const std::string& batch_id, const StepRun& run,
                             std::size_t entry_index) {
  const Entry* entry = nullptr;
  if (entry_index < run.corrections.size()) {
    entry = &run.corrections[entry_index].previous;
  } else if (run.entry) {
    entry = &*run.entry;
  }
  json::object e = entry ? entry_to_json(*entry) : json::object();
  e.erase("signature");
  return trust::content_hash(json::object{
      {"batch", batch_id}, {"run", run_id(run.key, run.occurrence)}, {"entry", std::move(e)}});
}

std::string exception_content_hash(const std::string& batch_id, const BatchException& e) {
  json::object o = exception_to_json(e);
  if (json::value* d = o.if_contains("disposition"); d != nullptr && d->is_object()) {
    d->get_object().erase("signature");
  }
  return trust::content_hash(json::object{{"batch", batch_id}, {"exception", std::move(o)}});
}

BatchService::BatchService(store::Database& db, Clock& clock, IdGenerator& ids,
                           const trust::AuditTrail& audit, trust::Signatures& signatures,
                           recipe::RecipeService& recipes, EventBus* events, const TagReader& tags,
                           const CapabilityChecks& checks, BatchServiceOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      audit_(audit),
      signatures_(signatures),
      recipes_(recipes),
      events_(events),
      tags_(tags),
      checks_(checks),
      options_(std::move(options)) {
  // "<batch id>/<run id>/<entry index>": the entry a run signature was applied to.
  signatures_.register_content_source(
      std::string(kRunRecordType),
      [this](store::Tx& tx, const std::string& record_id) -> Result<std::optional<std::string>> {
        const auto slash = record_id.find('/');
        const auto last = record_id.rfind('/');
        if (slash == std::string::npos || last == slash) return std::optional<std::string>();
        const std::string batch_id = record_id.substr(0, slash);
        const std::string rid = record_id.substr(slash + 1, last - slash - 1);
        std::size_t index = 0;
        const std::string n = record_id.substr(last + 1);
        std::from_chars(n.data(), n.data() + n.size(), index);
        GEMBA_TRY(rows,
                  tx.query("SELECT body FROM batch_step_run WHERE batch_id = ? AND run_id = ?",
                           batch_id, rid));
        if (rows.empty()) return std::optional<std::string>();
        GEMBA_TRY(v, parse_stored(rows[0].text(0), "step run"));
        GEMBA_TRY(run, step_run_from_json(v));
        return std::optional<std::string>(run_content_hash(batch_id, run, index));
      });
  // "<batch id>/<exception id>": the signature of an exception's disposition.
  signatures_.register_content_source(
      std::string(kExceptionRecordType),
      [](store::Tx& tx, const std::string& record_id) -> Result<std::optional<std::string>> {
        const auto slash = record_id.find('/');
        if (slash == std::string::npos) return std::optional<std::string>();
        const std::string batch_id = record_id.substr(0, slash);
        GEMBA_TRY(rows, tx.query("SELECT body FROM batch_exception WHERE batch_id = ? AND id = ?",
                                 batch_id, record_id.substr(slash + 1)));
        if (rows.empty()) return std::optional<std::string>();
        GEMBA_TRY(v, parse_stored(rows[0].text(0), "exception"));
        GEMBA_TRY(e, exception_from_json(v));
        return std::optional<std::string>(exception_content_hash(batch_id, e));
      });
  // "<batch id>/<meaning>": the batch-level signatures (aborted, completed, released, rejected).
  signatures_.register_content_source(
      std::string(kBatchRecordType),
      [this](store::Tx& tx, const std::string& record_id) -> Result<std::optional<std::string>> {
        const auto slash = record_id.find('/');
        if (slash == std::string::npos) return std::optional<std::string>();
        auto loaded = load(tx, record_id.substr(0, slash));
        if (!loaded.ok()) {
          if (loaded.error().code == ErrorCode::kNotFound) return std::optional<std::string>();
          return loaded.error();
        }
        return std::optional<std::string>(
            batch_content_hash(loaded->batch, record_id.substr(slash + 1)));
      });
}

Result<std::shared_ptr<const recipe::MasterRecipe>> BatchService::snapshot(
    const std::string& batch_id, const std::string& content) {
  {
    std::lock_guard lock(cache_mu_);
    auto it = snapshots_.find(batch_id);
    if (it != snapshots_.end()) return it->second;
  }
  GEMBA_TRY(parsed, recipe::parse_recipe(content));
  auto shared = std::make_shared<const recipe::MasterRecipe>(std::move(parsed));
  std::lock_guard lock(cache_mu_);
  if (snapshots_.size() >= 256) snapshots_.clear();  // bounded; snapshots reparse on demand
  snapshots_.emplace(batch_id, shared);
  return shared;
}

Result<BatchService::Loaded> BatchService::load(store::Tx& tx, const std::string& id) {
  GEMBA_TRY(rows, tx.query("SELECT header, version FROM batch WHERE id = ?", id));
  if (rows.empty()) return batch_not_found(id);
  Loaded out;
  out.stored_version = rows[0].int64(1);
  GEMBA_TRY(hv, parse_stored(rows[0].text(0), "batch header"));
  GEMBA_TRY(header, header_from_json(hv));
  out.batch.header = std::move(header);
  bool cached = false;
  {
    std::lock_guard lock(cache_mu_);
    auto it = snapshots_.find(id);
    if (it != snapshots_.end()) {
      out.batch.recipe = it->second;
      cached = true;
    }
  }
  if (!cached) {
    GEMBA_TRY(content, tx.query("SELECT recipe_content FROM batch WHERE id = ?", id));
    GEMBA_TRY(recipe, snapshot(id, content.at(0).text(0)));
    out.batch.recipe = std::move(recipe);
  }
  GEMBA_TRY(formula, recipe::scale_formula(*out.batch.recipe, out.batch.header.batch_size));
  out.batch.formula = std::move(formula);
  GEMBA_TRY(runs,
            tx.query("SELECT body FROM batch_step_run WHERE batch_id = ? ORDER BY ordinal", id));
  out.batch.steps.reserve(runs.size());
  for (const auto& r : runs) {
    GEMBA_TRY(v, parse_stored(r.text(0), "step run"));
    GEMBA_TRY(run, step_run_from_json(v));
    out.batch.steps.push_back(std::move(run));
  }
  GEMBA_TRY(exceptions,
            tx.query("SELECT body FROM batch_exception WHERE batch_id = ? ORDER BY seq", id));
  for (const auto& r : exceptions) {
    GEMBA_TRY(v, parse_stored(r.text(0), "exception"));
    GEMBA_TRY(e, exception_from_json(v));
    out.batch.exceptions.push_back(std::move(e));
  }
  return out;
}

Result<std::shared_ptr<const Batch>> BatchService::current(const std::string& id) {
  std::shared_ptr<const Batch> cached;
  {
    std::lock_guard lock(cache_mu_);
    auto it = batches_.find(id);
    if (it != batches_.end()) cached = it->second;
  }
  return db_.read([&](store::Tx& tx) -> Result<std::shared_ptr<const Batch>> {
    if (cached) {
      GEMBA_TRY(rows, tx.query("SELECT version FROM batch WHERE id = ?", id));
      if (rows.empty()) return batch_not_found(id);
      if (rows[0].int64(0) == cached->header.version) return cached;
    }
    GEMBA_TRY(loaded, load(tx, id));
    std::shared_ptr<const Batch> shared = std::make_shared<Batch>(std::move(loaded.batch));
    remember(shared);
    return shared;
  });
}

Result<std::shared_ptr<Batch>> BatchService::checkout(const std::string& id, bool trust_cache) {
  std::shared_ptr<const Batch> cached;
  {
    std::lock_guard lock(cache_mu_);
    auto it = batches_.find(id);
    if (it != batches_.end()) {
      cached = std::move(it->second);
      batches_.erase(it);
    }
  }
  // The cached batch is used without asking the database: the write refuses it if the row's
  // version moved on (another process, a lost cache update), and the retry loads it again.
  if (cached && trust_cache) {
    // Every batch in the cache was made non-const (make_shared<Batch>); when nobody else holds
    // it, it can be changed in place instead of copied.
    if (cached.use_count() == 1) return std::const_pointer_cast<Batch>(std::move(cached));
    return std::make_shared<Batch>(*cached);
  }
  GEMBA_TRY(loaded, db_.read([&](store::Tx& tx) { return load(tx, id); }));
  return std::make_shared<Batch>(std::move(loaded.batch));
}

void BatchService::remember(std::shared_ptr<const Batch> b) {
  std::lock_guard lock(cache_mu_);
  if (batches_.size() >= 1024 && !batches_.count(b->header.id)) batches_.clear();
  const std::string id = b->header.id;
  batches_[id] = std::move(b);
}

Result<Signing> authenticate_signer(trust::Signatures& signatures, const trust::Principal& p,
                                    const SignatureInput& s) {
  Signing out;
  out.comment = s.comment;
  if (s.verified) {
    out.given = s.verified;
    return out;
  }
  if (s.password.empty()) {
    return Error::invalid_argument(
        "sign this action: \"signature\": {\"password\": …} (and \"username\" when someone other "
        "than the logged-in user signs)",
        {{"field", "signature.password"}});
  }
  GEMBA_TRY(signer,
            signatures.authenticate(p, trust::SignatureCredentials{s.username, s.password}));
  out.owned = std::move(signer);
  return out;
}

Result<std::string> BatchService::next_number(store::Tx& tx, const recipe::MasterRecipe& r,
                                              Timestamp now) {
  const std::string rfc = format_rfc3339(now);
  std::string pattern = options_.number_pattern;
  auto replace = [&](std::string_view token, std::string_view value) {
    for (auto pos = pattern.find(token); pos != std::string::npos; pos = pattern.find(token)) {
      pattern.replace(pos, token.size(), value);
    }
  };
  replace("{product}", product_prefix(r.product_code));
  replace("{site}", r.site);
  replace("{yyyy}", rfc.substr(0, 4));
  int digits = 4;
  std::size_t seq = pattern.find("{seq");
  std::size_t seq_end = seq == std::string::npos ? seq : pattern.find('}', seq);
  if (seq == std::string::npos || seq_end == std::string::npos) {
    pattern += "-{seq:4}";
    seq = pattern.find("{seq");
    seq_end = pattern.find('}', seq);
  }
  const std::string token = pattern.substr(seq, seq_end - seq + 1);
  if (token.size() > 6 && token[4] == ':') digits = std::clamp(std::atoi(token.c_str() + 5), 1, 9);
  const std::string prefix = pattern.substr(0, seq);
  GEMBA_TRY(rows,
            tx.query("SELECT last_value FROM batch_number_sequence WHERE prefix = ?", prefix));
  std::int64_t next = rows.empty() ? 1 : rows[0].int64(0) + 1;
  if (rows.empty()) {
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO batch_number_sequence (prefix, last_value) VALUES (?, ?)", prefix, next));
  } else {
    GEMBA_RETURN_IF_ERROR(
        tx.exec("UPDATE batch_number_sequence SET last_value = ? WHERE prefix = ?", next, prefix));
  }
  std::string n = std::to_string(next);
  if (n.size() < static_cast<std::size_t>(digits)) n.insert(0, digits - n.size(), '0');
  replace(token, n);
  return pattern;
}

Result<ActionResult> BatchService::create(const trust::Principal& p, const CreateBatchInput& in) {
  if (!p.can(perm::kBatchStart)) {
    return Error::permission_denied("creating a batch needs the permission batch.start");
  }
  GEMBA_TRY(summary, recipes_.get_recipe(in.recipe_id));
  int number = 0;
  if (in.recipe_version) {
    number = *in.recipe_version;
  } else {
    for (const auto& v : summary.versions) {
      if (v.state == recipe::VersionState::kEffective) number = v.number;
    }
    if (number == 0) {
      return Error::failed_precondition("recipe " + summary.recipe.product_code +
                                            " has no effective version; a batch is made from the "
                                            "effective version (or a named approved one)",
                                        {{"recipe", in.recipe_id}});
    }
  }
  GEMBA_TRY(view, recipes_.get_version(in.recipe_id, number));
  const recipe::VersionState state = view.version.state;
  if (state != recipe::VersionState::kEffective) {
    if (state != recipe::VersionState::kApproved) {
      return Error::failed_precondition(
          "version " + std::to_string(number) + " is " +
              std::string(recipe::version_state_name(state)) +
              "; batches are made only from effective or approved versions",
          {{"field", "recipe_version"}, {"state", recipe::version_state_name(state)}});
    }
    if (!p.can(perm::kRecipeMakeEffective)) {
      return Error::permission_denied(
          "making a batch from an approved version that is not effective needs the permission " +
              std::string(perm::kRecipeMakeEffective),
          {{"field", "recipe_version"}});
    }
  }
  GEMBA_TRY(parsed, recipe::parse_recipe(view.version.content));
  auto recipe = std::make_shared<const recipe::MasterRecipe>(std::move(parsed));
  NewBatch spec;
  spec.id = ids_.new_id();
  spec.recipe_id = in.recipe_id;
  spec.recipe_version = number;
  spec.recipe_content_sha256 = view.version.content_sha256;
  spec.batch_size = in.batch_size ? *in.batch_size : recipe->header.batch_size;
  spec.planned_start = in.planned_start;
  const std::string content = view.version.content;

  auto out = audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<ActionResult> {
    store::Tx& tx = atx.tx();
    const Timestamp now = clock_.now();
    GEMBA_TRY(batch_number, next_number(tx, *recipe, now));
    spec.number = batch_number;
    GEMBA_TRY(b, instantiate(recipe, spec, Person{p.user_id, p.printed_name}, now));
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO batch (id, number, recipe_id, recipe_version, product_code, site, state, "
        "version, created_at_us, header, recipe_content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        b.header.id, b.header.number, b.header.recipe_id, b.header.recipe_version,
        b.header.product_code, b.header.site, batch_state_name(b.header.state), b.header.version,
        micros(now), json::serialize(header_to_json(b.header)), content));
    Changes changes;
    changes.header = true;
    const auto ordinals = ordinals_for(b.recipe);
    for (const StepRun& r : b.steps) {
      GEMBA_RETURN_IF_ERROR(tx.exec(
          "INSERT INTO batch_step_run (batch_id, run_id, ordinal, state, version, body) VALUES "
          "(?, ?, ?, ?, ?, ?)",
          b.header.id, run_id(r.key, r.occurrence), ordinals->of(r), step_state_name(r.state),
          r.version, json::serialize(step_run_to_json(r))));
    }
    GEMBA_RETURN_IF_ERROR(atx.append(
        {"batch.created",
         std::string(kBatchRecordType),
         b.header.id,
         {{"number", nullptr, b.header.number},
          {"recipe_id", nullptr, b.header.recipe_id},
          {"recipe_version", nullptr, b.header.recipe_version},
          {"recipe_content_sha256", nullptr, b.header.recipe_content_sha256},
          {"batch_size", nullptr,
           json::object{{"value", b.header.batch_size.value}, {"unit", b.header.batch_size.unit}}},
          {"state", nullptr, batch_state_name(b.header.state)}},
         ""}));
    publish(tx, "batch.created", b, changes);
    ActionResult result;
    result.changes = std::move(changes);
    result.batch = std::make_shared<Batch>(std::move(b));
    return result;
  });
  if (out.ok()) {
    std::lock_guard lock(cache_mu_);
    snapshots_.emplace(out->batch->header.id, recipe);
  }
  return out;
}

Result<BatchPage> BatchService::list(const std::string& state, const std::string& recipe_id,
                                     int limit, const std::string& cursor) {
  if (limit < 1 || limit > 500) {
    return Error::invalid_argument("limit must be from 1 to 500", {{"field", "limit"}});
  }
  if (!state.empty() && !parse_batch_state(state)) {
    return Error::invalid_argument("unknown batch state \"" + state + "\"", {{"field", "status"}});
  }
  return db_.read([&](store::Tx& tx) -> Result<BatchPage> {
    std::string sql =
        "SELECT b.header, (SELECT COUNT(*) FROM batch_step_run r WHERE r.batch_id = b.id), "
        "(SELECT COUNT(*) FROM batch_step_run r WHERE r.batch_id = b.id AND r.state IN ('done', "
        "'not_applicable')), (SELECT COUNT(*) FROM batch_exception e WHERE e.batch_id = b.id AND "
        "e.dispositioned = 0), b.id FROM batch b WHERE (? = '' OR b.state = ?) AND (? = '' OR "
        "b.recipe_id = ?) AND (? = '' OR b.id < ?) ORDER BY b.id DESC LIMIT ?";
    GEMBA_TRY(rows, tx.query(sql, state, state, recipe_id, recipe_id, cursor, cursor, limit + 1));
    BatchPage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i) {
      GEMBA_TRY(hv, parse_stored(rows[i].text(0), "batch header"));
      GEMBA_TRY(h, header_from_json(hv));
      page.items.push_back({std::move(h), static_cast<int>(rows[i].int64(1)),
                            static_cast<int>(rows[i].int64(2)),
                            static_cast<int>(rows[i].int64(3))});
    }
    if (rows.size() > static_cast<std::size_t>(limit))
      page.next_cursor = page.items.back().header.id;
    return page;
  });
}

Result<std::string> BatchService::resolve(const std::string& id_or_number) {
  return db_.read([&](store::Tx& tx) -> Result<std::string> {
    GEMBA_TRY(rows, tx.query("SELECT id FROM batch WHERE id = ? OR number = ?", id_or_number,
                             id_or_number));
    if (rows.empty()) return batch_not_found(id_or_number);
    return rows[0].text(0);
  });
}

Result<std::shared_ptr<const Batch>> BatchService::get(const std::string& id_or_number) {
  auto found = current(id_or_number);
  if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
    GEMBA_TRY(id, resolve(id_or_number));
    found = current(id);
  }
  GEMBA_TRY(stored, std::move(found));
  Batch b = *stored;
  IdSource exception_ids = [this] { return ids_.new_id(); };
  refresh(b, clock_.now(), tags_, exception_ids);
  return std::make_shared<const Batch>(std::move(b));
}

Result<void> BatchService::sign_placeholders(store::Tx& tx, Batch& b, const Changes& changes,
                                             Signing& signing,
                                             std::optional<SignatureRef>& applied) {
  const trust::VerifiedSigner* signer = signing.signer();
  if (!signer) return ok();
  auto apply = [&](SignatureRef& ref, std::string record_type, std::string record_id,
                   const std::string& hash) -> Result<void> {
    GEMBA_TRY(rec, signatures_.sign(tx, *signer, meaning_for(ref.meaning), record_type, record_id,
                                    hash, signing.comment));
    ref.signature_id = rec.id;
    ref.signed_at = Timestamp(std::chrono::microseconds(rec.signed_at_us));
    applied = ref;
    return ok();
  };
  for (const std::string& rid : changes.runs) {
    StepRun* r = run_by_id(b, rid);
    if (!r) continue;
    const std::string base = b.header.id + "/" + rid + "/";
    const std::size_t current = r->corrections.size();
    if (r->entry && r->entry->signature && r->entry->signature->signature_id.empty()) {
      GEMBA_RETURN_IF_ERROR(apply(*r->entry->signature, std::string(kRunRecordType),
                                  base + std::to_string(current),
                                  run_content_hash(b.header.id, *r, current)));
      // A correction's signature is the new entry's.
      if (!r->corrections.empty() && r->corrections.back().signature &&
          r->corrections.back().signature->signature_id.empty()) {
        r->corrections.back().signature = r->entry->signature;
      }
    }
    if (r->witness && r->witness->signature_id.empty()) {
      GEMBA_RETURN_IF_ERROR(apply(*r->witness, std::string(kRunRecordType),
                                  base + std::to_string(current),
                                  run_content_hash(b.header.id, *r, current)));
    }
  }
  for (const std::string& eid : changes.exceptions) {
    BatchException* e = exception_by_id(b, eid);
    if (!e || !e->disposition || !e->disposition->signature ||
        !e->disposition->signature->signature_id.empty()) {
      continue;
    }
    GEMBA_RETURN_IF_ERROR(apply(*e->disposition->signature, std::string(kExceptionRecordType),
                                b.header.id + "/" + eid, exception_content_hash(b.header.id, *e)));
  }
  for (SignatureRef& ref : b.header.signatures) {
    if (!ref.signature_id.empty()) continue;
    GEMBA_RETURN_IF_ERROR(apply(ref, std::string(kBatchRecordType), b.header.id + "/" + ref.meaning,
                                batch_content_hash(b, ref.meaning)));
  }
  return ok();
}

std::shared_ptr<const detail::RunOrdinals> BatchService::ordinals_for(
    const std::shared_ptr<const recipe::MasterRecipe>& recipe) {
  std::lock_guard lock(cache_mu_);
  auto& [weak, ordinals] = ordinals_[recipe.get()];
  // A snapshot freed and another allocated at the same address must not reuse the old map.
  if (!ordinals || weak.lock() != recipe) {
    ordinals = std::make_shared<const detail::RunOrdinals>(*recipe);
    weak = recipe;
  }
  return ordinals;
}

Result<void> BatchService::persist(trust::AuditedTx& atx, Batch& after, const Changes& changes,
                                   std::int64_t stored_version) {
  store::Tx& tx = atx.tx();
  GEMBA_TRY(updated, tx.exec("UPDATE batch SET state = ?, version = ?, header = ? WHERE id = ? "
                             "AND version = ?",
                             batch_state_name(after.header.state), after.header.version,
                             json::serialize(header_to_json(after.header)), after.header.id,
                             stored_version));
  if (updated == 0) {
    return Error::unavailable("the batch changed meanwhile", {{"retry", true}});
  }
  for (const std::string& rid : changes.removed) {
    GEMBA_RETURN_IF_ERROR(tx.exec("DELETE FROM batch_step_run WHERE batch_id = ? AND run_id = ?",
                                  after.header.id, rid));
  }
  // Runs and exceptions the engine changed or created (one statement for either).
  std::shared_ptr<const detail::RunOrdinals> ordinals;
  if (!changes.runs.empty()) ordinals = ordinals_for(after.recipe);
  for (const std::string& rid : changes.runs) {
    const StepRun* r = run_by_id(after, rid);
    if (!r) continue;
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO batch_step_run (batch_id, run_id, ordinal, state, version, body) VALUES "
        "(?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id, run_id) DO UPDATE SET state = excluded.state, "
        "version = excluded.version, body = excluded.body",
        after.header.id, rid, ordinals->of(*r), step_state_name(r->state), r->version,
        json::serialize(step_run_to_json(*r))));
  }
  for (const std::string& eid : changes.exceptions) {
    const BatchException* e = exception_by_id(after, eid);
    if (!e) continue;
    const auto seq = static_cast<std::int64_t>(e - after.exceptions.data());
    GEMBA_RETURN_IF_ERROR(tx.exec(
        "INSERT INTO batch_exception (batch_id, id, seq, dispositioned, body) VALUES (?, ?, ?, ?, "
        "?) ON CONFLICT (batch_id, id) DO UPDATE SET dispositioned = excluded.dispositioned, "
        "body = excluded.body",
        after.header.id, eid, seq, e->disposition.has_value(),
        json::serialize(exception_to_json(*e))));
  }
  for (const auto& hook : persist_hooks_) GEMBA_RETURN_IF_ERROR(hook(atx, after, changes));
  return ok();
}

void BatchService::publish(store::Tx& tx, const std::string& type, const Batch& b,
                           const Changes& changes) {
  if (!events_) return;
  Event e;
  e.type = type;
  e.subject_type = "batch";
  e.subject_id = b.header.id;
  json::array runs;
  for (const auto& r : changes.runs) runs.emplace_back(r);
  json::array exceptions;
  for (const auto& x : changes.exceptions) exceptions.emplace_back(x);
  e.data = json::object{{"number", b.header.number},
                        {"state", batch_state_name(b.header.state)},
                        {"version", b.header.version},
                        {"runs", std::move(runs)},
                        {"exceptions", std::move(exceptions)}};
  e.required_permission = std::string(perm::kBatchRead);
  tx.on_commit([events = events_, e = std::move(e)] { events->publish(e); });
}

Result<ActionResult> BatchService::mutate(const trust::Principal& p, const std::string& id,
                                          std::string audit_action, Signing signing,
                                          const Action& action, const std::string& reason) {
  IdSource exception_ids = [this] { return ids_.new_id(); };
  for (int attempt = 0;; ++attempt) {
    // The batch is changed in place: on any refusal or failure it is dropped (not cached), and
    // the next action loads it again.
    GEMBA_TRY(work, checkout(id, attempt == 0));
    Batch& b = *work;
    const std::int64_t stored_version = b.header.version;
    const BatchState state_before = b.header.state;
    const Timestamp now = clock_.now();
    Changes changes = refresh(b, now, tags_, exception_ids);
    GEMBA_TRY(acted, action(b, now));
    for (auto& r : acted.runs) changes.runs.push_back(std::move(r));
    for (auto& r : acted.removed) changes.removed.push_back(std::move(r));
    for (auto& x : acted.exceptions) changes.exceptions.push_back(std::move(x));
    for (auto& s : acted.summary) changes.summary.push_back(std::move(s));
    changes.header = changes.header || acted.header;
    std::sort(changes.runs.begin(), changes.runs.end());
    changes.runs.erase(std::unique(changes.runs.begin(), changes.runs.end()), changes.runs.end());
    std::sort(changes.exceptions.begin(), changes.exceptions.end());
    changes.exceptions.erase(std::unique(changes.exceptions.begin(), changes.exceptions.end()),
                             changes.exceptions.end());
    if (b.header.version == stored_version) ++b.header.version;

    std::optional<SignatureRef> applied;
    auto written = audit_.write(db_, p.actor(), [&](trust::AuditedTx& atx) -> Result<void> {
      GEMBA_RETURN_IF_ERROR(sign_placeholders(atx.tx(), b, changes, signing, applied));
      GEMBA_RETURN_IF_ERROR(persist(atx, b, changes, stored_version));
      json::array summary;
      for (const auto& s : changes.summary) summary.emplace_back(s);
      json::array runs;
      for (const auto& r : changes.runs) {
        const StepRun* run = run_by_id(b, r);
        runs.push_back(run ? json::value(step_run_to_json(*run)) : json::value(r));
      }
      json::array exceptions;
      for (const auto& x : changes.exceptions) {
        const BatchException* e = exception_by_id(b, x);
        if (e) exceptions.push_back(exception_to_json(*e));
      }
      std::vector<trust::Change> audit_changes;
      if (state_before != b.header.state) {
        audit_changes.push_back(
            {"state", batch_state_name(state_before), batch_state_name(b.header.state)});
      }
      audit_changes.push_back({"version", stored_version, b.header.version});
      if (!runs.empty()) audit_changes.push_back({"runs", nullptr, std::move(runs)});
      if (!exceptions.empty()) {
        audit_changes.push_back({"exceptions", nullptr, std::move(exceptions)});
      }
      if (!summary.empty()) audit_changes.push_back({"summary", nullptr, std::move(summary)});
      // Batch records change by executing them: the reason is the person's (hold, correction,
      // rejection…) or, for execution itself, what was done.
      std::string why = reason;
      for (const auto& line : changes.summary) {
        if (why.size() > 3000) break;
        why += (why.empty() ? "" : "; ") + line;
      }
      if (why.empty()) why = audit_action;
      GEMBA_RETURN_IF_ERROR(atx.append(
          {audit_action, std::string(kBatchRecordType), b.header.id, audit_changes, why}));
      publish(atx.tx(), audit_action, b, changes);
      return ok();
    });
    if (!written.ok()) {
      const bool lost_race = written.error().code == ErrorCode::kUnavailable &&
                             written.error().message == "the batch changed meanwhile";
      if (lost_race && attempt + 1 < options_.max_retries) continue;
      if (lost_race) {
        return Error::conflict("the batch is being changed by others; try again", {{"batch", id}});
      }
      return std::move(written).error();
    }
    ActionResult result;
    result.changes = std::move(changes);
    result.signature = std::move(applied);
    result.batch = std::move(work);
    remember(result.batch);
    return result;
  }
}

namespace {
// A closed batch's record is stamped with its closing time, so every copy of it (JSON or PDF,
// today or in ten years) has the same bytes and the same SHA-256.
Timestamp record_time(const Batch& b, Timestamp now) {
  return b.header.closed_at ? *b.header.closed_at : now;
}
}  // namespace

Result<BatchService::Record> BatchService::record(const std::string& id) {
  GEMBA_TRY(b, get(id));
  Record r;
  r.json = canonical_json(record_json(*b, record_time(*b, clock_.now())));
  r.sha256 = trust::sha256_hex(r.json);
  r.number = b->header.number;
  return r;
}

Result<std::string> BatchService::record_pdf(const std::string& id) {
  GEMBA_TRY(b, get(id));
  const json::object record = record_json(*b, record_time(*b, clock_.now()));
  return render_record_pdf(record, trust::sha256_hex(canonical_json(record)));
}

}  // namespace gemba::batch

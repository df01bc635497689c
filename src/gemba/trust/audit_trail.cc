#include "gemba/trust/audit_trail.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gemba/core/json.h"
#include "gemba/core/time.h"

namespace gemba::trust {
namespace {

thread_local std::int64_t t_appends = 0;

boost::json::object checkpoint_json(const Checkpoint& c) {
  return {{"seq", c.seq}, {"hash", c.hash},     {"at_us", c.at_us},
          {"at", c.at},   {"key_id", c.key_id}, {"signature", c.signature}};
}

}  // namespace

std::int64_t detail::appends_on_this_thread() { return t_appends; }

Result<std::int64_t> AuditedTx::append(const AuditEntry& entry) {
  GEMBA_TRY(seq, trail_.append(tx_, actor_, entry));
  ++appended_;
  return seq;
}

Result<std::int64_t> AuditedTx::append_as(const Actor& actor, const AuditEntry& entry) {
  GEMBA_TRY(seq, trail_.append(tx_, actor, entry));
  ++appended_;
  return seq;
}

AuditTrail::AuditTrail(Clock& clock, const CheckpointKey* key, AuditOptions options)
    : clock_(clock), key_(key), options_(std::move(options)) {}

Result<std::int64_t> AuditTrail::append(store::Tx& tx, const Actor& actor,
                                        const AuditEntry& entry) const {
  GEMBA_RETURN_IF_ERROR(check_entry(entry));
  GEMBA_TRY(head, audit_store::lock_head(tx));
  Timestamp at = clock_.now();
  const Timestamp head_at{std::chrono::microseconds(head.at_us)};
  if (at < head_at) {
    // The clock was stepped back (another process, a restart after NTP correction): keep the
    // chain's time order rather than record an earlier time after a later one.
    spdlog::warn("audit: the clock reads {} but the last entry is at {}; using the latter",
                 format_rfc3339(at), format_rfc3339(head_at));
    at = head_at;
  }
  const AuditRecord r = seal_entry(entry, actor, head.seq + 1, at, head.hash);
  GEMBA_RETURN_IF_ERROR(audit_store::insert(tx, r));
  head.seq = r.seq;
  head.hash = r.hash;
  head.at_us = r.at_us;
  if (key_ && options_.checkpoint_every > 0 &&
      head.seq - head.checkpoint_seq >= options_.checkpoint_every) {
    GEMBA_RETURN_IF_ERROR(write_checkpoint(tx, head, at));
  }
  GEMBA_RETURN_IF_ERROR(audit_store::save_head(tx, head));
  ++t_appends;
  return r.seq;
}

Result<Checkpoint> AuditTrail::write_checkpoint(store::Tx& tx, audit_store::Head& head,
                                                Timestamp at) const {
  Checkpoint c = key_->sign(head.seq, head.hash, at);
  GEMBA_RETURN_IF_ERROR(audit_store::insert_checkpoint(tx, c));
  head.checkpoint_seq = head.seq;
  if (!options_.checkpoint_file.empty()) tx.on_commit([this, c] { mirror_checkpoint(c); });
  return c;
}

Result<std::optional<Checkpoint>> AuditTrail::checkpoint_now(store::Database& db) const {
  if (!key_) return std::optional<Checkpoint>();
  return db.write([&](store::Tx& tx) -> Result<std::optional<Checkpoint>> {
    GEMBA_TRY(head, audit_store::lock_head(tx));
    if (head.seq == 0 || head.seq == head.checkpoint_seq) return std::optional<Checkpoint>();
    Timestamp at = std::max(clock_.now(), Timestamp(std::chrono::microseconds(head.at_us)));
    GEMBA_TRY(c, write_checkpoint(tx, head, at));
    GEMBA_RETURN_IF_ERROR(audit_store::save_head(tx, head));
    return std::optional<Checkpoint>(std::move(c));
  });
}

void AuditTrail::mirror_checkpoint(const Checkpoint& c) const {
  std::lock_guard lock(file_mu_);
  if (c.seq <= file_seq_) return;
  auto existing = read_checkpoint_file(options_.checkpoint_file);
  if (existing.ok() && *existing && (*existing)->seq >= c.seq) return;  // another process
  const std::string tmp = options_.checkpoint_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << boost::json::serialize(checkpoint_json(c)) << "\n";
    out.flush();
    if (!out) {
      spdlog::error("audit: cannot write the checkpoint file {}", tmp);
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, options_.checkpoint_file, ec);
  if (ec) {
    spdlog::error("audit: cannot replace the checkpoint file {}: {}", options_.checkpoint_file,
                  ec.message());
    return;
  }
  file_seq_ = c.seq;
}

Result<std::vector<AuditRecord>> AuditTrail::query(store::Database& db,
                                                   const audit_store::Query& q) const {
  return db.read([&](store::Tx& tx) { return audit_store::query(tx, q); });
}

Result<std::optional<Checkpoint>> read_checkpoint_file(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return std::optional<Checkpoint>();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto v = parse_json_strict(text.str());
  const auto malformed = [&] {
    return Error::failed_precondition("the audit checkpoint file " + path + " is malformed");
  };
  if (!v.ok() || !v->is_object()) return malformed();
  const auto& o = v->as_object();
  try {
    Checkpoint c;
    c.seq = o.at("seq").to_number<std::int64_t>();
    c.hash = std::string(o.at("hash").as_string());
    c.at_us = o.at("at_us").to_number<std::int64_t>();
    c.at = std::string(o.at("at").as_string());
    c.key_id = std::string(o.at("key_id").as_string());
    c.signature = std::string(o.at("signature").as_string());
    return std::optional<Checkpoint>(std::move(c));
  } catch (const std::exception&) {
    return malformed();
  }
}

boost::json::object VerifyReport::to_json() const {
  boost::json::object o{{"intact", intact},
                        {"entries", entries},
                        {"last_seq", last_seq},
                        {"last_hash", last_hash},
                        {"checkpoints", checkpoints}};
  o["latest_checkpoint"] =
      latest_checkpoint
          ? boost::json::value(boost::json::object{{"seq", latest_checkpoint->seq},
                                                   {"at", latest_checkpoint->at},
                                                   {"key_id", latest_checkpoint->key_id}})
          : boost::json::value(nullptr);
  o["broken"] = broken ? boost::json::value(broken->to_json()) : boost::json::value(nullptr);
  boost::json::array w;
  for (const auto& s : warnings) w.emplace_back(s);
  o["warnings"] = std::move(w);
  return o;
}

std::string VerifyReport::to_text() const {
  std::string s;
  if (intact) {
    s += "audit trail intact: " + std::to_string(entries) + " entries, last " +
         std::to_string(last_seq) + " (" + last_hash + ")\n";
  } else {
    s += "AUDIT TRAIL BROKEN at entry " + std::to_string(broken->seq) + " (" + broken->kind +
         "): " + broken->message + "\n";
    s += "verified " + std::to_string(entries) + " entries before the break\n";
  }
  if (latest_checkpoint) {
    s += std::to_string(checkpoints) + " signed checkpoint(s), newest at entry " +
         std::to_string(latest_checkpoint->seq) + " signed " + latest_checkpoint->at + "\n";
  }
  for (const auto& w : warnings) s += "warning: " + w + "\n";
  return s;
}

Result<VerifyReport> verify_audit_trail(store::Database& db, const VerifyOptions& options) {
  VerifyReport report;
  audit_store::Head head;
  std::vector<Checkpoint> checkpoints;
  GEMBA_RETURN_IF_ERROR(db.read([&](store::Tx& tx) -> Result<void> {
    GEMBA_TRY(h, audit_store::read_head(tx));
    head = h;
    GEMBA_TRY(c, audit_store::checkpoints(tx));
    checkpoints = std::move(c);
    return ok();
  }));
  GEMBA_TRY(file_checkpoint, read_checkpoint_file(options.checkpoint_file));

  auto fail = [&](std::int64_t seq, std::string kind, std::string message) {
    if (!report.broken) {
      report.intact = false;
      report.broken = ChainBreak{seq, std::move(kind), std::move(message)};
    }
  };

  // Every checkpoint (and the mirrored one) must carry a valid signature.
  std::map<std::int64_t, const Checkpoint*> by_seq;
  if (file_checkpoint) checkpoints.push_back(*file_checkpoint);
  for (const auto& c : checkpoints) {
    if (options.key && !options.key->verify(c)) {
      fail(c.seq, "checkpoint_forged",
           "the checkpoint at entry " + std::to_string(c.seq) + " (signed " + c.at +
               ") does not carry a valid signature of this server's audit key");
    }
    by_seq[c.seq] = &c;
    if (!report.latest_checkpoint || c.seq > report.latest_checkpoint->seq) {
      report.latest_checkpoint = c;
    }
  }
  report.checkpoints = static_cast<std::int64_t>(checkpoints.size()) - (file_checkpoint ? 1 : 0);
  if (!options.key && !checkpoints.empty()) {
    report.warnings.push_back(
        "the audit key file is not available: checkpoint signatures were not checked");
  }
  if (!file_checkpoint && !options.checkpoint_file.empty()) {
    report.warnings.push_back("no checkpoint file at " + options.checkpoint_file);
  }

  ChainVerifier chain;
  std::int64_t after = 0;
  auto checkpoint_it = by_seq.begin();
  for (;;) {
    std::vector<AuditRecord> page;
    GEMBA_RETURN_IF_ERROR(db.read([&](store::Tx& tx) -> Result<void> {
      GEMBA_TRY(p, audit_store::page(tx, after, options.page_size));
      page = std::move(p);
      return ok();
    }));
    if (page.empty()) break;
    for (const auto& r : page) {
      if (auto b = chain.next(r)) {
        fail(b->seq, b->kind, b->message);
        break;
      }
      while (checkpoint_it != by_seq.end() && checkpoint_it->first <= r.seq) {
        const Checkpoint& c = *checkpoint_it->second;
        if (c.seq == r.seq && c.hash != r.hash) {
          fail(r.seq, "checkpoint_mismatch",
               "entry " + std::to_string(r.seq) + " hashes to " + r.hash +
                   " but the checkpoint signed " + c.at + " recorded " + c.hash +
                   ": the chain up to entry " + std::to_string(r.seq) + " was rewritten");
        }
        ++checkpoint_it;
      }
      if (report.broken) break;
    }
    if (report.broken) break;
    after = page.back().seq;
  }
  report.entries = chain.count();
  report.last_seq = chain.last_seq();
  report.last_hash = chain.last_seq() == 0 ? std::string(kGenesisHash) : to_hex(chain.last_hash());
  if (!report.broken) {
    if (report.latest_checkpoint && report.latest_checkpoint->seq > report.last_seq) {
      fail(report.last_seq + 1, "truncated",
           "the chain ends at entry " + std::to_string(report.last_seq) +
               " but a checkpoint signed " + report.latest_checkpoint->at +
               " covers entries up to " + std::to_string(report.latest_checkpoint->seq) +
               ": entries " + std::to_string(report.last_seq + 1) + " to " +
               std::to_string(report.latest_checkpoint->seq) + " were removed");
    } else if (head.seq > report.last_seq) {
      fail(report.last_seq + 1, "truncated",
           "the chain ends at entry " + std::to_string(report.last_seq) +
               " but its head records entry " + std::to_string(head.seq) + ": entries " +
               std::to_string(report.last_seq + 1) + " to " + std::to_string(head.seq) +
               " were removed");
    } else if (head.seq != report.last_seq || head.hash != report.last_hash) {
      report.warnings.push_back("the head row does not match the chain's last entry");
    }
  }
  return report;
}

}  // namespace gemba::trust

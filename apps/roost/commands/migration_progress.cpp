#include "commands/migration_progress.hpp"

#include <nlohmann/json.hpp>

namespace roost::cli {

namespace {

constexpr std::size_t kLineWidth = 78;

const char* directionName(migrate::Direction d) { return d == migrate::Direction::Up ? "up" : "down"; }

}  // namespace

double toMilliseconds(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

std::string countOf(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

void MigrationProgress::line(Style style, std::string_view tag, std::string_view name, std::string_view right) {
  // "  DONE  <name> ....... <right>"
  std::string text = "  " + out_.paint(style, tag, true) + "  " + std::string(name) + " ";
  const std::size_t used = 2 + tag.size() + 2 + name.size() + 1 + right.size() + 1;
  const std::size_t dots = used + 3 <= kLineWidth ? kLineWidth - used : 3;
  text += out_.paint(Style::Dim, std::string(dots, '.'), true);
  text += " ";
  text += right;
  if (pendingLine_) {
    text.insert(0, "\r\x1b[2K");
    pendingLine_ = false;
  }
  out_.progress(text);
}

void MigrationProgress::starting(const migrate::MigrationFile& file, migrate::Direction) {
  // On a terminal, show what is running now; finished() overwrites the line.
  if (json_ || out_.quiet() || !out_.stderrIsTerminal()) return;
  std::string text = "  " + out_.paint(Style::Yellow, "RUN ", true) + "  " + file.name + " ...";
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
  pendingLine_ = true;
}

void MigrationProgress::finished(const migrate::MigrationFile& file, migrate::Direction direction,
                                 std::chrono::nanoseconds took) {
  if (json_) return;
  line(Style::Green, direction == migrate::Direction::Up ? "DONE" : "UNDO", file.name, formatDuration(toMilliseconds(took)));
}

void MigrationProgress::failed(const migrate::MigrationFile& file, migrate::Direction direction,
                               std::chrono::nanoseconds took) {
  if (json_) return;
  line(Style::Red, "FAIL", direction == migrate::Direction::Up ? file.name : "down/" + file.name,
       formatDuration(toMilliseconds(took)));
}

void MigrationProgress::pretending(const migrate::MigrationFile& file, migrate::Direction direction,
                                   std::string_view sql) {
  if (json_) {
    pretend_.emplace_back(file.name, std::string(sql));
    return;
  }
  const std::string label = direction == migrate::Direction::Up ? file.name : "down/" + file.name;
  out_.dataLine(out_.paint(Style::Dim, "-- " + label, false));
  std::string body(sql);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  out_.dataLine(body);
  out_.dataLine("");
}

void MigrationProgress::dropped(std::string_view type, std::string_view name) {
  if (json_) return;
  line(Style::Yellow, "DROP", name, type);
}

void MigrationProgress::warning(const migrate::Finding& finding) { out_.warning(migrate::describeFinding(finding)); }

std::string reportJson(const migrate::MigrationReport& report, const MigrationProgress& progress,
                       std::string_view target) {
  nlohmann::json j;
  j["target"] = target;
  j["pretend"] = report.pretend;
  j["migrations"] = nlohmann::json::array();
  for (const auto& m : report.migrations) {
    nlohmann::json one{{"name", m.name}, {"direction", directionName(m.direction)}};
    one["batch"] = m.batch ? nlohmann::json(*m.batch) : nlohmann::json(nullptr);
    if (report.pretend) {
      for (const auto& [name, sql] : progress.pretendSql())
        if (name == m.name) one["sql"] = sql;
    } else {
      one["durationMs"] = toMilliseconds(m.duration);
    }
    j["migrations"].push_back(std::move(one));
  }
  if (!report.dropped.empty()) j["dropped"] = report.dropped;
  j["elapsedMs"] = toMilliseconds(report.elapsed);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);  // non-UTF-8 file names: U+FFFD
}

}  // namespace roost::cli

// Fake's generators by name: what JSONC factories call ("email", "integer(1, 6)", ...).
// Arguments are positional and optional (a missing or null one takes its default).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "roost/orm/fake.hpp"
#include "roost/orm/suggest.hpp"

namespace roost {

namespace {

// The arguments of one call, read against the generator's signature for error messages.
class Args {
 public:
  Args(std::string_view signature, std::span<const Value> values) : signature_(signature), values_(values) {}

  std::size_t size() const noexcept { return values_.size(); }
  std::span<const Value> all() const noexcept { return values_; }
  bool given(std::size_t i) const noexcept { return i < values_.size() && !values_[i].isNull(); }

  std::int64_t integer(std::size_t i, std::string_view param, std::int64_t fallback) const {
    if (!given(i)) return fallback;
    const Value& v = values_[i];
    if (v.isInteger()) return *v.intIf();
    if (v.isReal()) {
      double d = *v.doubleIf();
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return static_cast<std::int64_t>(d);
    }
    fail(std::string(param) + " must be an integer, got " + describe(v));
  }
  std::size_t count(std::size_t i, std::string_view param, std::size_t fallback) const {
    std::int64_t n = integer(i, param, static_cast<std::int64_t>(fallback));
    if (n < 0) fail(std::string(param) + " must not be negative, got " + std::to_string(n));
    return static_cast<std::size_t>(n);
  }
  double real(std::size_t i, std::string_view param, double fallback) const {
    if (!given(i)) return fallback;
    const Value& v = values_[i];
    if (v.isInteger() || v.isReal()) return v.asDouble();
    fail(std::string(param) + " must be a number, got " + describe(v));
  }
  std::string_view text(std::size_t i, std::string_view param, std::string_view fallback) const {
    if (!given(i)) return fallback;
    const Value& v = values_[i];
    if (v.isText()) return *v.textIf();
    fail(std::string(param) + " must be text, got " + describe(v));
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw UsageError(std::string(signature_) + ": " + message);
  }

 private:
  static std::string describe(const Value& v) {
    if (v.isText()) return "text " + v.toSqlLiteral();
    return std::string(typeName(v.type())) + " " + v.toString();
  }

  std::string_view signature_;
  std::span<const Value> values_;
};

using Run = Value (*)(Fake&, const Args&);

struct Entry {
  FakeGenerator info;
  std::size_t maxArgs;
  Run run;
};

constexpr std::string_view kDateFrom = "2000-01-01T00:00:00.000Z";
constexpr std::string_view kDateTo = "2030-12-31T23:59:59.999Z";

std::string joinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Sorted by name: the order of the "known generators" list.
const Entry kEntries[] = {
    {{"boolean", "boolean(chanceOfTrue = 50)", "true (1) with the given percent chance, else false (0)"}, 1,
     [](Fake& f, const Args& a) -> Value {
       const std::int64_t chance = a.integer(0, "chanceOfTrue", 50);
       if (chance < 0 || chance > 100) a.fail("chanceOfTrue must be between 0 and 100, got " + std::to_string(chance));
       return Value(f.boolean(static_cast<int>(chance)));
     }},
    {{"date", "date(from = \"2000-01-01\", to = \"2030-12-31\")", "a day between two dates: YYYY-MM-DD"}, 2,
     [](Fake& f, const Args& a) -> Value {
       const std::string_view from = a.text(0, "from", kDateFrom), to = a.text(1, "to", kDateTo);
       return Value(f.date(from, to));
     }},
    {{"dateTime", "dateTime(from = \"2000-01-01\", to = \"2030-12-31T23:59:59.999Z\")",
      "a UTC time between two times: YYYY-MM-DDTHH:MM:SS.sssZ"},
     2,
     [](Fake& f, const Args& a) -> Value {
       const std::string_view from = a.text(0, "from", kDateFrom), to = a.text(1, "to", kDateTo);
       return Value(f.dateTime(from, to));
     }},
    {{"email", "email(name = a fresh name)", "an address on example.com/.org/.net, from the name if given"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(a.given(0) ? f.email(a.text(0, "name", "")) : f.email()); }},
    {{"firstName", "firstName()", "a given name"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.firstName()); }},
    {{"integer", "integer(min = 0, max = 2147483647)", "an integer in [min, max]"}, 2,
     [](Fake& f, const Args& a) -> Value {
       const std::int64_t min = a.integer(0, "min", 0), max = a.integer(1, "max", 2147483647);
       if (min > max) a.fail("min > max (" + std::to_string(min) + " > " + std::to_string(max) + ")");
       return Value(static_cast<long long>(f.integer(min, max)));
     }},
    {{"lastName", "lastName()", "a family name"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.lastName()); }},
    {{"name", "name()", "a given and a family name"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.name()); }},
    {{"number", "number(min = 0, max = 1000, decimals = 2)", "a decimal number in [min, max]"}, 3,
     [](Fake& f, const Args& a) -> Value {
       const std::int64_t decimals = a.integer(2, "decimals", 2);
       if (decimals < 0 || decimals > 15) a.fail("decimals must be between 0 and 15, got " + std::to_string(decimals));
       const double min = a.real(0, "min", 0), max = a.real(1, "max", 1000);
       return Value(f.number(min, max, static_cast<int>(decimals)));
     }},
    {{"paragraph", "paragraph(sentences = 3)", "sentences of 4 to 10 words"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(f.paragraph(a.count(0, "sentences", 3))); }},
    {{"pick", "pick(value, ...)", "one of its arguments"}, std::numeric_limits<std::size_t>::max(),
     [](Fake& f, const Args& a) -> Value {
       if (a.size() == 0) a.fail("needs at least one value to pick from");
       return f.pick(a.all());
     }},
    {{"sentence", "sentence(words = 6)", "capitalised words ending with a full stop"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(f.sentence(a.count(0, "words", 6))); }},
    {{"slug", "slug(words = 3)", "lowercase words joined by '-'"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(f.slug(a.count(0, "words", 3))); }},
    {{"text", "text(maxChars = 200)", "whole sentences, at most maxChars characters"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(f.text(a.count(0, "maxChars", 200))); }},
    {{"userName", "userName()", "a login name"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.userName()); }},
    {{"uuid", "uuid()", "a random (version 4) UUID"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.uuid()); }},
    {{"word", "word()", "one lorem ipsum word"}, 0, [](Fake& f, const Args&) -> Value { return Value(f.word()); }},
    {{"words", "words(count = 3)", "lorem ipsum words joined by spaces"}, 1,
     [](Fake& f, const Args& a) -> Value { return Value(joinWords(f.words(a.count(0, "count", 3)))); }},
};

// Other names people reach for (Faker's among them), after normalisation.
struct Alias {
  std::string_view alias, target;
};
const Alias kAliases[] = {
    {"bool", "boolean"},       {"datetime", "dateTime"}, {"float", "number"},   {"int", "integer"},
    {"numberbetween", "integer"}, {"randomelement", "pick"}, {"randomfloat", "number"}, {"safeemail", "email"},
    {"randomnumber", "integer"}, {"uuid4", "uuid"},
};

// "first_name", "FirstName" and "first-name" all mean firstName.
std::string normalise(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Entry* lookup(std::string_view name) noexcept {
  std::string key;
  try {
    key = normalise(name);
  } catch (...) {
    return nullptr;
  }
  for (const Alias& a : kAliases)
    if (a.alias == key) key = normalise(a.target);
  for (const Entry& e : kEntries)
    if (normalise(e.info.name) == key) return &e;
  return nullptr;
}


[[noreturn]] void unknownGenerator(std::string_view name) {
  std::string message = "unknown generator '" + std::string(name) + "'";
  const std::string key = normalise(name);
  std::string_view best;
  std::size_t bestDistance = 3;  // suggest only close misspellings
  for (const Entry& e : kEntries) {
    std::size_t d = editDistance(key, normalise(e.info.name));
    if (d < bestDistance) {
      bestDistance = d;
      best = e.info.name;
    }
  }
  if (!best.empty()) message += " (did you mean '" + std::string(best) + "'?)";
  message += "; known generators:";
  bool first = true;
  for (const Entry& e : kEntries) {
    message += first ? " " : ", ";
    message += e.info.name;
    first = false;
  }
  throw UsageError(message);
}

const Entry& require(std::string_view name) {
  if (const Entry* e = lookup(name)) return *e;
  unknownGenerator(name);
}

Value run(const Entry& e, Fake& fake, std::span<const Value> args) {
  if (args.size() > e.maxArgs)
    throw UsageError(std::string(e.info.signature) + ": takes " +
                     (e.maxArgs == 0 ? std::string("no arguments") : "at most " + std::to_string(e.maxArgs) +
                                                                         (e.maxArgs == 1 ? " argument" : " arguments")) +
                     ", got " + std::to_string(args.size()));
  return e.run(fake, Args(e.info.signature, args));
}

}  // namespace

Value Fake::call(std::string_view generator, std::span<const Value> args) { return run(require(generator), *this, args); }

std::span<const FakeGenerator> Fake::generators() {
  static const auto list = [] {
    std::vector<FakeGenerator> out;
    for (const Entry& e : kEntries) out.push_back(e.info);
    return out;
  }();
  return list;
}

bool Fake::hasGenerator(std::string_view name) noexcept { return lookup(name) != nullptr; }

Value Fake::Unique::call(std::string_view generator, std::span<const Value> args) {
  const Entry& e = require(generator);
  return of(e.info.name, [&] { return run(e, *fake_, args); });
}

}  // namespace roost

#pragma once
// Fake: deterministic fake data for factories and seeders — names, emails, words, sentences,
// numbers, dates, UUIDs, booleans and picks from a list. The same seed gives the same data on
// every run and platform: the generator is xoshiro256** (seeded through splitmix64), ranges are
// mapped by rejection (no modulo bias), and no standard-library distribution is involved (their
// output differs between standard libraries).
//
//   roost::Fake fake(42);
//   fake.name();                          // "Daniel Bryant", on every run
//   fake.unique().email();                // never the same email twice from this Fake
//   fake.call("integer", {1, 6});         // by name, for factories declared in JSONC
//
// A Fake is a plain value: copying it copies its position in the stream and its unique() memory.
// Not thread-safe: use one per thread.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "roost/orm/clock.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/value.hpp"

namespace roost {

// unique() ran out of fresh values for one generator (its domain is smaller than asked for).
class UniqueExhaustedError : public Error {
 public:
  UniqueExhaustedError(std::string generator, std::size_t tries);
  const std::string& generator() const noexcept { return generator_; }
  std::size_t tries() const noexcept { return tries_; }

 private:
  std::string generator_;
  std::size_t tries_;
};

// A generator reachable by name through Fake::call.
struct FakeGenerator {
  std::string_view name;       // "integer"
  std::string_view signature;  // "integer(min = 0, max = 2147483647)"
  std::string_view summary;    // one line for help and error messages
};

class Fake {
 public:
  explicit Fake(std::uint64_t seed);

  // The seed this Fake started from.
  std::uint64_t seed() const noexcept { return seed_; }
  // The next raw 64 bits of the stream.
  std::uint64_t next() noexcept;

  // People and accounts (ASCII only, so they fit any column and URL).
  std::string firstName();
  std::string lastName();
  std::string name();                          // "First Last"
  std::string email();                         // from a fresh name, on example.com/.org/.net
  std::string email(std::string_view fromName);  // "Ada Lovelace" -> "ada.lovelace@example.org"
  std::string userName();                      // "ada.lovelace", "ada42", ...

  // Text (lorem ipsum). Sizes are bounded, so no call builds more than about 100 KB; a bigger
  // one is a UsageError naming the limit.
  static constexpr std::size_t kMaxWords = 1000;         // words(count), sentence(words), slug(words)
  static constexpr std::size_t kMaxSentences = 100;      // paragraph(sentences)
  static constexpr std::size_t kMaxTextChars = 100'000;  // text(maxChars)
  std::string word();
  std::vector<std::string> words(std::size_t count = 3);
  std::string sentence(std::size_t words = 6);        // capitalised, ends with '.'
  std::string paragraph(std::size_t sentences = 3);   // sentences of 4 to 10 words
  std::string text(std::size_t maxChars = 200);       // whole sentences, at most maxChars (>= 5)
  std::string slug(std::size_t words = 3);            // "dolor-sit-amet"

  // Numbers. Bounds are inclusive; min > max is a UsageError.
  std::int64_t integer(std::int64_t min, std::int64_t max);
  // A multiple of 10^-decimals in [min, max], exact for the decimal it prints as.
  double number(double min, double max, int decimals = 2);
  bool boolean(int chanceOfTrue = 50);  // percent, 0..100

  // Times as the ORM stores them: dateTime -> "YYYY-MM-DDTHH:MM:SS.sssZ" (to the millisecond),
  // date -> "YYYY-MM-DD" (whole days). Bounds are inclusive and given as time points or as
  // ISO-8601 text ("2024-01-31" or "2024-01-31T12:00:00.000Z").
  std::string dateTime(TimePoint from, TimePoint to);
  std::string dateTime(std::string_view from, std::string_view to);
  std::string date(TimePoint from, TimePoint to);
  std::string date(std::string_view from, std::string_view to);

  // A random (version 4) UUID: "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx", lowercase.
  std::string uuid();

  // One element of a non-empty list (randomElement in Faker).
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[pickIndex(items.size())];
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[pickIndex(items.size())];
  }
  template <class T>
  T pick(std::initializer_list<T> items) {
    return items.begin()[pickIndex(items.size())];
  }
  template <class T>
  const T& randomElement(std::span<const T> items) { return pick(items); }

  // Calls a generator by name with run-time arguments, as JSONC factories do. Names are matched
  // ignoring case and '_' (first_name = firstName). Throws UsageError for an unknown name
  // (listing the known ones) or bad arguments ("integer(min, max): min > max (9 > 1)").
  Value call(std::string_view generator, std::span<const Value> args = {});
  Value call(std::string_view generator, std::initializer_list<Value> args) {
    return call(generator, std::span<const Value>(args.begin(), args.size()));
  }
  static std::span<const FakeGenerator> generators();
  static bool hasGenerator(std::string_view name) noexcept;

  // unique(): the same generators, but never a value this Fake's unique() already returned for
  // that generator name. After maxTries draws without a fresh value: UniqueExhaustedError.
  class Unique {
   public:
    std::string firstName() { return of("firstName", [&] { return fake_->firstName(); }); }
    std::string lastName() { return of("lastName", [&] { return fake_->lastName(); }); }
    std::string name() { return of("name", [&] { return fake_->name(); }); }
    std::string email() { return of("email", [&] { return fake_->email(); }); }
    std::string userName() { return of("userName", [&] { return fake_->userName(); }); }
    std::string word() { return of("word", [&] { return fake_->word(); }); }
    std::string sentence(std::size_t words = 6) { return of("sentence", [&] { return fake_->sentence(words); }); }
    std::string slug(std::size_t words = 3) { return of("slug", [&] { return fake_->slug(words); }); }
    std::string uuid() { return of("uuid", [&] { return fake_->uuid(); }); }
    std::int64_t integer(std::int64_t min, std::int64_t max) {
      return of("integer", [&] { return fake_->integer(min, max); });
    }
    double number(double min, double max, int decimals = 2) {
      return of("number", [&] { return fake_->number(min, max, decimals); });
    }
    std::string dateTime(std::string_view from, std::string_view to) {
      return of("dateTime", [&] { return fake_->dateTime(from, to); });
    }
    std::string date(std::string_view from, std::string_view to) {
      return of("date", [&] { return fake_->date(from, to); });
    }
    template <class T>
    T pick(std::initializer_list<T> items) {
      return of("pick", [&] { return fake_->pick(items); });
    }
    template <class T>
    T pick(const std::vector<T>& items) {
      return of("pick", [&] { return fake_->pick(items); });
    }
    // By name, as Fake::call; uniqueness is per canonical generator name.
    Value call(std::string_view generator, std::span<const Value> args = {});
    Value call(std::string_view generator, std::initializer_list<Value> args) {
      return call(generator, std::span<const Value>(args.begin(), args.size()));
    }
    // Any generator of your own, unique under `key`: unique().of("isbn", [&] { return ...; }).
    template <class F>
    auto of(std::string_view key, F&& generate) -> decltype(generate()) {
      for (std::size_t i = 0; i < maxTries_; ++i) {
        auto v = generate();
        if (fake_->remember(key, uniqueKey(v))) return v;
      }
      throw UniqueExhaustedError(std::string(key), maxTries_);
    }

   private:
    friend class Fake;
    Unique(Fake& f, std::size_t maxTries) : fake_(&f), maxTries_(maxTries) {}
    static std::string valueKey(const Value& v);
    static std::string doubleKey(double d);
    template <class V>
    static std::string uniqueKey(const V& v) {
      if constexpr (std::is_same_v<V, Value>) return valueKey(v);
      else if constexpr (std::is_floating_point_v<V>) return doubleKey(static_cast<double>(v));
      else if constexpr (std::is_integral_v<V>) return std::to_string(v);
      else return std::string(std::string_view(v));
    }

    Fake* fake_;
    std::size_t maxTries_;
  };
  Unique unique(std::size_t maxTries = 10000) { return Unique(*this, maxTries); }
  // Forgets every value unique() handed out (for all generators, or one).
  void resetUnique() noexcept { seen_.clear(); }
  void resetUnique(std::string_view generator) { seen_.erase(std::string(generator)); }

 private:
  std::size_t pickIndex(std::size_t size);
  std::uint64_t upTo(std::uint64_t bound) noexcept;  // uniform in [0, bound]
  template <std::size_t N>
  std::string_view entry(const std::array<std::string_view, N>& list) {
    return list[pickIndex(N)];
  }
  bool remember(std::string_view generator, std::string key);

  std::uint64_t seed_;
  std::array<std::uint64_t, 4> s_{};
  std::unordered_map<std::string, std::unordered_set<std::string>> seen_;
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with an optional 'Z' ('T' or ' ' between),
// as UTC. Throws UsageError naming the text otherwise.
TimePoint parseIsoTimestamp(std::string_view text);

}  // namespace roost

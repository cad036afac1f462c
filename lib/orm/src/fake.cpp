#include "roost/orm/fake.hpp"

#include <bit>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

namespace roost {

namespace {

// Word lists: lorem ipsum (Faker's, de-duplicated) and common given and family names, ASCII only.
// Their order is part of the output: changing a list changes every seeded value.
const std::array<std::string_view, 203> kLoremWords = {
    "alias", "consequatur", "aut", "perferendis", "sit", "voluptatem", "accusantium", "doloremque", "aperiam",
    "eaque", "ipsa", "quae", "ab", "illo", "inventore", "veritatis", "et", "quasi", "architecto", "beatae",
    "vitae", "dicta", "sunt", "explicabo", "aspernatur", "odit", "fugit", "sed", "quia", "consequuntur",
    "magni", "dolores", "eos", "qui", "ratione", "sequi", "nesciunt", "neque", "dolorem", "ipsum", "dolor",
    "amet", "consectetur", "adipisci", "velit", "non", "numquam", "eius", "modi", "tempora", "incidunt", "ut",
    "labore", "dolore", "magnam", "aliquam", "quaerat", "enim", "ad", "minima", "veniam", "quis", "nostrum",
    "exercitationem", "ullam", "corporis", "nemo", "ipsam", "voluptas", "suscipit", "laboriosam", "nisi",
    "aliquid", "ex", "ea", "commodi", "autem", "vel", "eum", "iure", "reprehenderit", "in", "voluptate",
    "esse", "quam", "nihil", "molestiae", "iusto", "odio", "dignissimos", "ducimus", "blanditiis",
    "praesentium", "laudantium", "totam", "rem", "voluptatum", "deleniti", "atque", "corrupti", "quos",
    "quas", "molestias", "excepturi", "sint", "occaecati", "cupiditate", "provident", "perspiciatis", "unde",
    "omnis", "iste", "natus", "error", "similique", "culpa", "officia", "deserunt", "mollitia", "animi", "id",
    "est", "laborum", "dolorum", "fuga", "harum", "quidem", "rerum", "facilis", "expedita", "distinctio",
    "nam", "libero", "tempore", "cum", "soluta", "nobis", "eligendi", "optio", "cumque", "impedit", "quo",
    "porro", "quisquam", "minus", "quod", "maxime", "placeat", "facere", "possimus", "assumenda",
    "repellendus", "temporibus", "quibusdam", "illum", "fugiat", "nulla", "pariatur", "at", "vero",
    "accusamus", "officiis", "debitis", "necessitatibus", "saepe", "eveniet", "voluptates", "repudiandae",
    "recusandae", "itaque", "earum", "hic", "tenetur", "a", "sapiente", "delectus", "reiciendis",
    "voluptatibus", "maiores", "doloribus", "asperiores", "repellat", "lorem", "adipiscing", "elit", "tempor",
    "incididunt", "aliqua", "nostrud", "exercitation", "laboris", "aliquip", "commodo", "consequat", "aute",
    "irure", "cillum", "excepteur", "occaecat", "cupidatat", "proident", "mollit", "anim",
};
const std::array<std::string_view, 229> kFirstNames = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Dorothy", "George", "Melissa", "Timothy", "Deborah",
    "Ronald", "Stephanie", "Edward", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
    "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna",
    "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
    "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank",
    "Rachel", "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry",
    "Heather", "Tyler", "Diane", "Aaron", "Ruth", "Jose", "Julie", "Adam", "Olivia", "Nathan", "Joyce",
    "Henry", "Virginia", "Douglas", "Victoria", "Zachary", "Kelly", "Peter", "Lauren", "Kyle", "Christina",
    "Ethan", "Joan", "Walter", "Evelyn", "Noah", "Judith", "Jeremy", "Megan", "Christian", "Andrea", "Keith",
    "Cheryl", "Roger", "Hannah", "Terry", "Jacqueline", "Gerald", "Martha", "Harold", "Gloria", "Sean",
    "Teresa", "Austin", "Ann", "Carl", "Sara", "Arthur", "Madison", "Lawrence", "Frances", "Dylan", "Kathryn",
    "Jesse", "Janice", "Jordan", "Jean", "Bryan", "Abigail", "Alice", "Julia", "Bruce", "Gabriel", "Sophia",
    "Logan", "Grace", "Albert", "Denise", "Amber", "Alan", "Doris", "Juan", "Marilyn", "Wayne", "Danielle",
    "Elijah", "Beverly", "Isabella", "Roy", "Vincent", "Diana", "Ralph", "Natalie", "Eugene", "Charlotte",
    "Marie", "Mason", "Kayla", "Philip", "Alexis", "Louis", "Ada", "Linus", "Yuki", "Hiro", "Aisha", "Omar",
    "Priya", "Ravi", "Mei", "Wei", "Lars", "Ingrid", "Sven", "Chiara", "Luca", "Mateo", "Sofia", "Diego",
    "Camila", "Nia", "Kwame", "Amara", "Tariq", "Leila", "Ines", "Hugo", "Elena", "Marco", "Freya", "Nora",
    "Felix", "Oscar", "Ivy", "Theo", "Zara", "Mila", "Leo", "Ezra", "Iris",
};
const std::array<std::string_view, 243> kLastNames = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez",
    "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart",
    "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
    "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
    "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell",
    "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Fisher", "Vasquez", "Simmons", "Romero",
    "Jordan", "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno",
    "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens",
    "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods",
    "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker", "Guzman",
    "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez", "Silva", "Shaw",
    "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner", "Black", "Robertson",
    "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice", "Schmidt", "Garza",
    "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver", "Ryan", "Gardner", "Payne", "Grant",
    "Dunn", "Kelley", "Spencer", "Hawkins", "Arnold", "Pierce", "Hansen", "Peters", "Santos", "Hart",
    "Bradley", "Knight", "Elliott", "Cunningham", "Duncan", "Armstrong", "Hudson", "Carroll", "Lane", "Riley",
    "Andrews", "Ray", "Delgado", "Berry", "Perkins", "Hoffman", "Johnston", "Matthews", "Richards", "Willis",
    "Carpenter", "Lawrence", "Lovelace", "Hopper", "Turing", "Torvalds", "Tanaka", "Sato", "Khan", "Singh",
    "Okafor", "Mensah", "Larsen", "Rossi", "Bianchi", "Novak", "Kowalski", "Muller",
};
// RFC 2606 reserved domains: a fake email can never reach a real person.
const std::array<std::string_view, 3> kDomains = {"example.com", "example.org", "example.net"};

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

// Lowercase letters and digits of s, everything else dropped ("McDonald" -> "mcdonald").
std::string lowerAlnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
  }
  return out;
}

void capitalise(std::string& s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
}

std::int64_t millisOf(TimePoint t) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(t).time_since_epoch().count();
}

TimePoint fromMillis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

constexpr std::int64_t kMillisPerDay = 86'400'000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void atMost(std::string_view what, std::size_t n, std::size_t limit) {
  if (n > limit)
    throw UsageError(std::string(what) + " may be at most " + std::to_string(limit) + ", got " + std::to_string(n));
}

constexpr int kFirstTimestampYear = 1678, kLastTimestampYear = 2261;

[[noreturn]] void badTimestamp(std::string_view text) {
  throw UsageError("'" + std::string(text) +
                   "' is not an ISO-8601 UTC date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS.sssZ)");
}

}  // namespace

UniqueExhaustedError::UniqueExhaustedError(std::string generator, std::size_t tries)
    : Error("could not find a unique value for " + generator + " after " + std::to_string(tries) +
            " tries (it has fewer distinct values than were asked for)"),
      generator_(std::move(generator)),
      tries_(tries) {}

Fake::Fake(std::uint64_t seed) : seed_(seed) {
  std::uint64_t x = seed;
  for (auto& word : s_) word = splitmix64(x);
}

// xoshiro256** 1.0 (Blackman and Vigna, public domain reference implementation).
std::uint64_t Fake::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

// Uniform in [0, bound] by masking and rejecting: no modulo bias, at most 2 draws on average.
std::uint64_t Fake::upTo(std::uint64_t bound) noexcept {
  if (bound == std::numeric_limits<std::uint64_t>::max()) return next();
  std::uint64_t mask = bound;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  for (;;) {
    std::uint64_t x = next() & mask;
    if (x <= bound) return x;
  }
}

std::size_t Fake::pickIndex(std::size_t size) {
  if (size == 0) throw UsageError("pick(list): the list is empty");
  return static_cast<std::size_t>(upTo(static_cast<std::uint64_t>(size - 1)));
}

bool Fake::remember(std::string_view generator, std::string key) {
  return seen_[std::string(generator)].insert(std::move(key)).second;
}

// The same key a typed generator's value gets, so unique().integer(...) and
// unique().call("integer", ...) share one memory.
std::string Fake::Unique::valueKey(const Value& v) {
  switch (v.type()) {
    case Value::Type::Integer: return std::to_string(*v.intIf());
    case Value::Type::Real: return doubleKey(*v.doubleIf());
    case Value::Type::Text: return *v.textIf();
    case Value::Type::Null: return std::string("\0null", 5);
    case Value::Type::Blob: return std::string("\0blob", 5) + v.blobIf()->bytes;
  }
  return v.toString();
}

std::string Fake::Unique::doubleKey(double d) {
  if (d == 0) d = 0;  // -0.0 and 0.0 print the same: one value
  return std::to_string(std::bit_cast<std::uint64_t>(d));
}

// ---- people ----

std::string Fake::firstName() { return std::string(entry(kFirstNames)); }
std::string Fake::lastName() { return std::string(entry(kLastNames)); }
std::string Fake::name() {
  std::string first = firstName();
  return first + " " + lastName();
}

std::string Fake::email() {
  std::string first = lowerAlnum(entry(kFirstNames));
  std::string last = lowerAlnum(entry(kLastNames));
  std::string local;
  switch (upTo(3)) {
    case 0: local = first + "." + last; break;
    case 1: local = first + last + std::to_string(integer(1, 99)); break;
    case 2: local = first.substr(0, 1) + last; break;
    default: local = first + "_" + last; break;
  }
  return local + "@" + std::string(entry(kDomains));
}

std::string Fake::email(std::string_view fromName) {
  // Words of the name joined by dots: "Ada  Lovelace-King" -> "ada.lovelace.king".
  std::string local;
  bool gap = false;
  for (char c : fromName) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (gap && !local.empty()) local += '.';
      local += static_cast<char>(std::tolower(u));
      gap = false;
    } else {
      gap = true;
    }
  }
  if (local.empty()) local = "user";
  return local + "@" + std::string(entry(kDomains));
}

std::string Fake::userName() {
  std::string first = lowerAlnum(entry(kFirstNames));
  std::string last = lowerAlnum(entry(kLastNames));
  switch (upTo(3)) {
    case 0: return first + "." + last;
    case 1: return first + std::to_string(integer(1, 999));
    case 2: return last + "." + first;
    default: return first + "_" + last + std::to_string(integer(1, 99));
  }
}

// ---- text ----

std::string Fake::word() { return std::string(entry(kLoremWords)); }

std::vector<std::string> Fake::words(std::size_t count) {
  atMost("words(count): count", count, kMaxWords);
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(word());
  return out;
}

std::string Fake::sentence(std::size_t wordCount) {
  if (wordCount == 0) throw UsageError("sentence(words): words must be at least 1");
  atMost("sentence(words): words", wordCount, kMaxWords);
  std::string out;
  for (std::size_t i = 0; i < wordCount; ++i) {
    if (i) out += ' ';
    out += entry(kLoremWords);
  }
  capitalise(out);
  return out + ".";
}

std::string Fake::paragraph(std::size_t sentences) {
  if (sentences == 0) throw UsageError("paragraph(sentences): sentences must be at least 1");
  atMost("paragraph(sentences): sentences", sentences, kMaxSentences);
  std::string out;
  for (std::size_t i = 0; i < sentences; ++i) {
    if (i) out += ' ';
    out += sentence(static_cast<std::size_t>(integer(4, 10)));
  }
  return out;
}

std::string Fake::text(std::size_t maxChars) {
  if (maxChars < 5) throw UsageError("text(maxChars): maxChars must be at least 5, got " + std::to_string(maxChars));
  atMost("text(maxChars): maxChars", maxChars, kMaxTextChars);
  std::string out;
  for (;;) {
    std::string s = sentence(static_cast<std::size_t>(integer(4, 10)));
    if ((out.empty() ? 0 : out.size() + 1) + s.size() > maxChars) break;
    if (!out.empty()) out += ' ';
    out += s;
  }
  if (!out.empty()) return out;
  // Not even one sentence fits: as many words as fit before the final '.'.
  for (;;) {
    std::string w = word();
    if ((out.empty() ? 0 : out.size() + 1) + w.size() + 1 > maxChars) {
      if (out.empty()) out = w.substr(0, maxChars - 1);
      break;
    }
    if (!out.empty()) out += ' ';
    out += w;
  }
  capitalise(out);
  return out + ".";
}

std::string Fake::slug(std::size_t wordCount) {
  if (wordCount == 0) throw UsageError("slug(words): words must be at least 1");
  atMost("slug(words): words", wordCount, kMaxWords);
  std::string out;
  for (std::size_t i = 0; i < wordCount; ++i) {
    if (i) out += '-';
    out += entry(kLoremWords);
  }
  return out;
}

// ---- numbers ----

std::int64_t Fake::integer(std::int64_t min, std::int64_t max) {
  if (min > max)
    throw UsageError("integer(min, max): min > max (" + std::to_string(min) + " > " + std::to_string(max) + ")");
  const auto span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + upTo(span));
}

double Fake::number(double min, double max, int decimals) {
  const std::string sig = "number(min, max, decimals): ";
  if (decimals < 0 || decimals > 15)
    throw UsageError(sig + "decimals must be between 0 and 15, got " + std::to_string(decimals));
  if (!std::isfinite(min) || !std::isfinite(max)) throw UsageError(sig + "min and max must be finite");
  if (min > max) throw UsageError(sig + "min > max (" + Value(min).toString() + " > " + Value(max).toString() + ")");
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;  // exact: powers of ten up to 1e22 are doubles
  // Draw an integer count of 10^-decimals steps, so the result is exactly the decimal it prints
  // as, identical on every platform, and never outside [min, max].
  auto snap = [](double x) {  // 0.29 * 100 is 28.999999999999996: mean 29
    double r = std::round(x);
    return std::fabs(x - r) <= 1e-9 * std::fmax(1.0, std::fabs(x)) ? r : x;
  };
  const double lo = std::ceil(snap(min * scale)), hi = std::floor(snap(max * scale));
  constexpr double kExact = 9007199254740992.0;  // 2^53: beyond it not every integer is a double
  if (std::fabs(lo) > kExact || std::fabs(hi) > kExact)
    throw UsageError(sig + "the range is too wide for " + std::to_string(decimals) + " decimals");
  if (lo > hi)
    throw UsageError(sig + "no number with " + std::to_string(decimals) + " decimals lies between " +
                     Value(min).toString() + " and " + Value(max).toString());
  const std::int64_t k = integer(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi));
  return static_cast<double>(k) / scale;
}

bool Fake::boolean(int chanceOfTrue) {
  if (chanceOfTrue < 0 || chanceOfTrue > 100)
    throw UsageError("boolean(chanceOfTrue): chanceOfTrue must be between 0 and 100, got " +
                     std::to_string(chanceOfTrue));
  return integer(1, 100) <= chanceOfTrue;
}

// ---- times ----

std::string Fake::dateTime(TimePoint from, TimePoint to) {
  const std::int64_t a = millisOf(from), b = millisOf(to);
  if (a > b)
    throw UsageError("dateTime(from, to): from is after to (" + formatTimestamp(from) + " > " + formatTimestamp(to) +
                     ")");
  return formatTimestamp(fromMillis(integer(a, b)));
}

std::string Fake::dateTime(std::string_view from, std::string_view to) {
  return dateTime(parseIsoTimestamp(from), parseIsoTimestamp(to));
}

std::string Fake::date(TimePoint from, TimePoint to) {
  const std::int64_t a = floorDiv(millisOf(from), kMillisPerDay), b = floorDiv(millisOf(to), kMillisPerDay);
  if (a > b)
    throw UsageError("date(from, to): from is after to (" + formatTimestamp(from).substr(0, 10) + " > " +
                     formatTimestamp(to).substr(0, 10) + ")");
  return formatTimestamp(fromMillis(integer(a, b) * kMillisPerDay)).substr(0, 10);
}

std::string Fake::date(std::string_view from, std::string_view to) {
  return date(parseIsoTimestamp(from), parseIsoTimestamp(to));
}

std::string Fake::uuid() {
  static const char* hex = "0123456789abcdef";
  const std::uint64_t halves[2] = {next(), next()};
  char digits[32];
  for (int h = 0; h < 2; ++h)
    for (int i = 0; i < 16; ++i) digits[h * 16 + i] = hex[(halves[h] >> (60 - 4 * i)) & 0xf];
  digits[12] = '4';                                              // version 4: random
  digits[16] = hex[8 + ((halves[1] >> 60) & 0x3)];               // variant 10xx (RFC 4122)
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += digits[i];
  }
  return out;
}

TimePoint parseIsoTimestamp(std::string_view text) {
  std::size_t pos = 0;
  auto number = [&](std::size_t width) {
    if (pos + width > text.size()) badTimestamp(text);
    int v = 0;
    for (std::size_t i = 0; i < width; ++i) {
      char c = text[pos + i];
      if (c < '0' || c > '9') badTimestamp(text);
      v = v * 10 + (c - '0');
    }
    pos += width;
    return v;
  };
  auto expect = [&](char c) {
    if (pos >= text.size() || text[pos] != c) badTimestamp(text);
    ++pos;
  };
  const int y = number(4);
  expect('-');
  const int mo = number(2);
  expect('-');
  const int d = number(2);
  int h = 0, mi = 0, s = 0, ms = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    h = number(2);
    expect(':');
    mi = number(2);
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      s = number(2);
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits < 3) ms = ms * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) badTimestamp(text);
        for (std::size_t i = digits; i < 3; ++i) ms *= 10;
      }
    }
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) ++pos;
  }
  if (pos != text.size()) badTimestamp(text);
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) badTimestamp(text);
  // A TimePoint counts nanoseconds in 64 bits: 1677-09-21 to 2262-04-11. Whole years inside that.
  if (y < kFirstTimestampYear || y > kLastTimestampYear)
    throw UsageError("'" + std::string(text) + "' is out of range: timestamps are from year " +
                     std::to_string(kFirstTimestampYear) + " to " + std::to_string(kLastTimestampYear));
  return TimePoint(sys_days(ymd)) + hours(h) + minutes(mi) + seconds(s) + milliseconds(ms);
}

}  // namespace roost

#pragma once
// What a console expression evaluates to: SQL scalars, booleans, arrays and objects, and
// handles on the ORM — a model, a relation, a query, a record, a page of records. A query
// result that has not been read yet (`Post.all()` at the top level) stays a Stream, so
// the printer can write it row by row without holding it in memory.
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "roost/orm/paginator.hpp"
#include "roost/orm/query.hpp"
#include "roost/orm/record.hpp"
#include "roost/orm/value.hpp"

namespace roost::console {

struct Node;
struct CValue;

struct Undefined {};
struct Bool {
  bool value = false;
};
struct List {
  std::shared_ptr<std::vector<CValue>> items;
  std::string column;  // pluck's column (a header for the values), else empty
};
struct Object {
  std::shared_ptr<std::vector<std::pair<std::string, CValue>>> fields;
};
struct ModelRef {
  ModelMeta* meta = nullptr;
};
struct RelationRef {
  const ModelMeta* parent = nullptr;
  const RelationDef* def = nullptr;
};
struct QueryRef {
  std::shared_ptr<const Query> query;  // never mutated: every builder call copies
};
struct RecordRef {
  std::shared_ptr<Record> record;  // shared: `let u = …; u.attributes.x = 1; u.save()` act on one object
};
struct AttributesRef {
  std::shared_ptr<Record> record;
};
struct PageRef {
  std::shared_ptr<Page<Record>> page;
};
struct Stream {
  std::shared_ptr<const Query> query;  // all() not yet run
};
struct Lambda {
  const Node* node = nullptr;  // lives as long as the parsed line; never stored in a variable
};
struct GroupRef {
  WhereGroup* group = nullptr;  // the builder of a where(q => …) callback, valid during the call
  const ModelMeta* meta = nullptr;
};

struct CValue {
  std::variant<Undefined, Value, Bool, List, Object, ModelRef, RelationRef, QueryRef, RecordRef, AttributesRef,
               PageRef, Stream, Lambda, GroupRef>
      v;

  CValue() = default;
  template <class T>
  CValue(T x) : v(std::move(x)) {}  // NOLINT: implicit, so `return Bool{true};` reads well

  template <class T>
  bool is() const noexcept { return std::holds_alternative<T>(v); }
  template <class T>
  const T* as() const noexcept { return std::get_if<T>(&v); }
  template <class T>
  T* as() noexcept { return std::get_if<T>(&v); }
};

// "query", "Post record", "list", "string", ... for messages.
std::string typeName(const CValue& v);

inline CValue makeList(std::vector<CValue> items, std::string column = {}) {
  return List{std::make_shared<std::vector<CValue>>(std::move(items)), std::move(column)};
}

}  // namespace roost::console

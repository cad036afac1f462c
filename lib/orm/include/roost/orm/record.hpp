#pragma once
// Record: one row of a model's table as an object — attributes, whether it exists in the
// database, and the operations on it (save, update, remove, restore, refresh), with hooks,
// timestamps and soft deletes applied from its ModelMeta. Model<T> is a typed face over
// Record; the CLI uses Record directly with run-time metadata. Not thread-safe.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/attributes.hpp"
#include "roost/orm/model_meta.hpp"

namespace roost {

class Connection;
class Record;

// The relations attached to one record (by load, loadMany or with()), by name. A value:
// copying a record copies its loaded relations. Empty records pay one null pointer.
class RelationStore {
 public:
  RelationStore() noexcept;
  ~RelationStore();
  RelationStore(const RelationStore& other);
  RelationStore& operator=(const RelationStore& other);
  RelationStore(RelationStore&&) noexcept;
  RelationStore& operator=(RelationStore&&) noexcept;

  const std::vector<Record>* find(std::string_view name) const noexcept;
  std::vector<Record>* find(std::string_view name) noexcept;
  std::vector<Record>& set(std::string_view name, std::vector<Record> records);
  std::vector<std::string> names() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Record {
 public:
  Record() = default;
  explicit Record(const ModelMeta& meta, Connection* connection = nullptr) : meta_(&meta), conn_(connection) {}
  // A row loaded from the database (exists() is true).
  Record(const ModelMeta& meta, Connection* connection, ColumnsPtr names, std::vector<Value> values)
      : attributes(std::move(names), std::move(values)), meta_(&meta), conn_(connection), exists_(true) {}

  Attributes attributes;

  const ModelMeta& meta() const;
  bool exists() const noexcept { return exists_; }
  // The primary key's value (NULL before the first save unless set).
  const Value& key() const;
  Connection& connection() const;
  // Runs this record's own operations on c (default: its query's connection, else the model's).
  void useConnection(Connection* c) noexcept { conn_ = c; }

  // Inserts (new) or updates the dirty attributes (existing). Fires saving/creating|updating
  // then created|updated/saved. Throws HookAbortedError if an "-ing" hook returns false.
  void save();
  // fill + save.
  void update(Attributes::Init values);
  // delete() in the original (a C++ keyword): soft-deletes when the model has softDeletes,
  // else deletes the row. Fires deleting/deleted.
  void remove();
  // Deletes the row even on a soft-deleting model.
  void forceDelete();
  // Clears deleted_at on a soft-deleted row. Fires restoring, the save events, restored.
  void restore();
  bool trashed() const;
  // Reloads every attribute from the database; throws NotFoundError if the row is gone.
  void refresh();

  // Relations attached by a relation's load/loadMany or a query's with().
  bool relationLoaded(std::string_view name) const noexcept { return relations_.find(name) != nullptr; }
  // The attached records (a HasOne/BelongsTo holds zero or one); throws UsageError if the
  // relation was never loaded on this record.
  const std::vector<Record>& related(std::string_view name) const;
  std::vector<Record>& related(std::string_view name);
  void setRelation(std::string_view name, std::vector<Record> records) { relations_.set(name, std::move(records)); }
  std::vector<std::string> loadedRelations() const { return relations_.names(); }

 protected:
  void insertRow();
  void updateRow();
  void deleteRow(std::string_view event);
  void requireExists(std::string_view operation) const;
  void fireOrAbort(HookEvent e);

  const ModelMeta* meta_ = nullptr;
  Connection* conn_ = nullptr;
  bool exists_ = false;
  RelationStore relations_;
};

}  // namespace roost

#include "roost/testing/test_database.hpp"

#include "roost/orm/model_meta.hpp"

namespace roost::testing {

TestDatabase::TestDatabase(TestDatabaseOptions options) : isolation_(options.isolation), clock_(options.now) {
  SchemaTemplate& schema = SchemaTemplate::of(options.migrations);
  if (isolation_ == Isolation::Copy) {
    connection_ = schema.copy();
  } else {
    connection_ = schema.shared();
    if (connection_->transactionDepth() != 0)
      throw UsageError("roost::testing::TestDatabase: another TestDatabase on these migrations is still open "
                       "(Isolation::Rollback shares one connection: destroy the first, or use Isolation::Copy)");
    connection_->begin();
  }
  if (options.routeAllModels)
    for (ModelMeta* meta : registeredModelMetas()) meta->connection.reset();
  setDefaultConnection(connection_);
  clock_.install();
  log_.emplace(*connection_);
}

TestDatabase::~TestDatabase() {
  log_.reset();
  clock_.uninstall();
  if (isolation_ == Isolation::Rollback) {
    try {
      while (connection_->transactionDepth() > 0) connection_->rollback();
    } catch (...) {  // a destructor must not throw; the next fixture refuses a connection left open
    }
  }
}

void TestDatabase::assertDatabaseHas(std::string_view table, const ColumnValues& values) {
  QueryLog::Pause pause(*log_);
  testing::assertDatabaseHas(*connection_, table, values);
}

void TestDatabase::assertDatabaseMissing(std::string_view table, const ColumnValues& values) {
  QueryLog::Pause pause(*log_);
  testing::assertDatabaseMissing(*connection_, table, values);
}

void TestDatabase::assertDatabaseCount(std::string_view table, std::int64_t expected) {
  QueryLog::Pause pause(*log_);
  testing::assertDatabaseCount(*connection_, table, expected);
}

}  // namespace roost::testing

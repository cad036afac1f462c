#pragma once
// The blog sample's models and factories (wrangler-samples/blog/database/migrations), written as
// a downstream project writes them: only installed headers. Shared by the kit's tests and the
// consumer test's downstream suite (tests/consumer/run.cmake copies this file there).
#include <string>

#include <roost/orm/orm.hpp>

namespace blog {

struct Post;

struct User : roost::Model<User> {
  static constexpr const char* table = "users";
  static inline const roost::HasMany<User, Post> posts{"posts", "author_id"};
};

struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
  static inline const roost::BelongsTo<Post, User> author{"author", "author_id"};
};

struct UserFactory : roost::Factory<User, UserFactory> {
  roost::Attributes definition(roost::Fake& f) const {
    std::string name = f.unique().name();
    return {{"name", name}, {"email", f.email(name)}};
  }
};

// The guide's PostFactory, with its `author_id: 1` replaced by a parent the factory makes.
struct PostFactory : roost::Factory<Post, PostFactory> {
  roost::Attributes definition(roost::Fake& f) const {
    return {{"title", "Test Post " + f.word()},
            {"slug", "test-post-" + f.unique().slug()},
            {"body", "Lorem ipsum dolor sit amet."},
            {"status", "published"}};
  }
};

}  // namespace blog

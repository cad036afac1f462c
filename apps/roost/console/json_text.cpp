#include "console/json_text.hpp"

#include <cmath>

#include "roost/orm/relation.hpp"

namespace roost::console {

// Replaces bytes that are not valid UTF-8 with U+FFFD, so JSON output is always valid.
void appendUtf8Checked(std::string& out, std::string_view s, bool json) {
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (json) {
        switch (c) {
          case '"': out += "\\\""; break;
          case '\\': out += "\\\\"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '\t': out += "\\t"; break;
          case '\b': out += "\\b"; break;
          case '\f': out += "\\f"; break;
          default:
            if (c < 0x20 || c == 0x7F) {
              out += "\\u00";
              out += hex[c >> 4];
              out += hex[c & 15];
            } else {
              out += static_cast<char>(c);
            }
        }
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
    }
    if (ok && len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
}

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  appendUtf8Checked(out, s, true);
  out += '"';
}

std::string hexOf(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

void appendJsonValue(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Integer: out += std::to_string(*v.intIf()); break;
    case Value::Type::Real:
      if (std::isfinite(*v.doubleIf())) out += v.toString();
      else out += "null";
      break;
    case Value::Type::Text: appendJsonString(out, *v.textIf()); break;
    case Value::Type::Blob: appendJsonString(out, hexOf(v.blobIf()->bytes)); break;
  }
}

bool manyRelation(const Record& r, const std::string& name) {
  const RelationDef* d = r.meta().relations.find(name);
  return !d || isToMany(d->kind);
}

void appendRecordJson(std::string& out, const Record& r, int depth) {
  out += '{';
  const Attributes& a = r.attributes;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i) out += ',';
    appendJsonString(out, a.name(i));
    out += ':';
    appendJsonValue(out, a.value(i));
  }
  bool first = a.size() == 0;
  for (const std::string& name : r.loadedRelations()) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, name);
    out += ':';
    const auto& related = r.related(name);
    if (depth > 32) {
      out += "null";
    } else if (manyRelation(r, name)) {
      out += '[';
      for (std::size_t i = 0; i < related.size(); ++i) {
        if (i) out += ',';
        appendRecordJson(out, related[i], depth + 1);
      }
      out += ']';
    } else if (related.empty()) {
      out += "null";
    } else {
      appendRecordJson(out, related.front(), depth + 1);
    }
  }
  out += '}';
}

void appendJson(std::string& out, const CValue& v) {
  if (auto* x = v.as<Value>()) return appendJsonValue(out, *x);
  if (auto* b = v.as<Bool>()) {
    out += b->value ? "true" : "false";
    return;
  }
  if (auto* l = v.as<List>()) {
    out += '[';
    for (std::size_t i = 0; i < l->items->size(); ++i) {
      if (i) out += ',';
      appendJson(out, (*l->items)[i]);
    }
    out += ']';
    return;
  }
  if (auto* o = v.as<Object>()) {
    out += '{';
    bool first = true;
    for (auto& [k, x] : *o->fields) {
      if (x.is<Undefined>()) continue;
      if (!first) out += ',';
      first = false;
      appendJsonString(out, k);
      out += ':';
      appendJson(out, x);
    }
    out += '}';
    return;
  }
  if (auto* r = v.as<RecordRef>()) return appendRecordJson(out, *r->record);
  if (auto* a = v.as<AttributesRef>()) {
    Record copy(*a->record);
    for (auto& name : copy.loadedRelations()) copy.setRelation(name, {});
    out += '{';
    for (std::size_t i = 0; i < copy.attributes.size(); ++i) {
      if (i) out += ',';
      appendJsonString(out, copy.attributes.name(i));
      out += ':';
      appendJsonValue(out, copy.attributes.value(i));
    }
    out += '}';
    return;
  }
  if (auto* p = v.as<PageRef>()) {
    out += "{\"data\":[";
    for (std::size_t i = 0; i < p->page->data.size(); ++i) {
      if (i) out += ',';
      appendRecordJson(out, p->page->data[i]);
    }
    out += "],\"total\":" + std::to_string(p->page->total) + ",\"perPage\":" + std::to_string(p->page->perPage) +
           ",\"currentPage\":" + std::to_string(p->page->currentPage) + ",\"lastPage\":" +
           std::to_string(p->page->lastPage) + "}";
    return;
  }
  if (auto* m = v.as<ModelRef>()) {
    out += "{\"model\":";
    appendJsonString(out, m->meta->displayName());
    out += ",\"table\":";
    appendJsonString(out, m->meta->table);
    out += "}";
    return;
  }
  if (auto* q = v.as<QueryRef>()) {
    appendJsonString(out, q->query->toSql().sql);
    return;
  }
  out += "null";
}

std::string relationJson(const Record& r, const std::string& name) {
  std::string json;
  const auto& related = r.related(name);
  if (manyRelation(r, name)) {
    json += '[';
    for (std::size_t k = 0; k < related.size(); ++k) {
      if (k) json += ',';
      appendRecordJson(json, related[k]);
    }
    json += ']';
  } else if (!related.empty()) {
    appendRecordJson(json, related.front());
  }
  return json;
}

}  // namespace roost::console

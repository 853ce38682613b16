// ffi/cpp/tests/test_list.cc: List<T> and ListObj (separate buffer, shared mutation, data_deleter).
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/container/list.h>
#include <tvm/ffi/container/shape.h>

#include <atomic>
#include <new>
#include <vector>

#include "cpp_test_helpers.h"

namespace {

using namespace tvm::ffi;  // NOLINT(build/namespaces)
using cpptest::ExpectError;

// SPEC: LIST-LAYOUT
TEST(List, LayoutSeparateBuffer) {
  List<int64_t> list{1, 2, 3};
  const ListObj* obj = list.get();
  const char* base = reinterpret_cast<const char*>(obj);
  EXPECT_EQ(obj->type_index(), kTVMFFIList);
  const auto* cell = reinterpret_cast<const TVMFFISeqCell*>(base + 24);
  EXPECT_NE(cell->data, base + 56);
  EXPECT_NE(cell->data_deleter, nullptr);
  EXPECT_EQ(cell->size, 3);
  EXPECT_EQ(static_cast<const TVMFFIAny*>(cell->data)[2].v_int64, 3);
  EXPECT_EQ(List<int>().capacity(), static_cast<size_t>(ListObj::kInitSize));
}

TEST(List, SharedMutation) {
  List<int> a{1, 2};
  List<int> b = a;
  b.push_back(3);
  EXPECT_TRUE(a.same_as(b));
  EXPECT_EQ(a.size(), 3u);
  for (int i = 0; i < 10; ++i) a.push_back(i);  // grows the buffer x2
  EXPECT_EQ(b.size(), 13u);
  EXPECT_GE(b.capacity(), 13u);
  b.Set(0, 42);
  EXPECT_EQ(a[0], 42);
  EXPECT_EQ(a.Pop(0), 42);
  a.insert(a.begin(), 5);
  EXPECT_EQ(b.front(), 5);
  a.erase(a.begin() + 1, a.end());
  EXPECT_EQ(b.to_vector(), std::vector<int>{5});
  a.resize(3);
  EXPECT_EQ(b.to_vector(), (std::vector<int>{5, 0, 0}));
  b.Set(2, 9);
  b.reverse();
  EXPECT_EQ(a.front(), 9);
  EXPECT_EQ(a.back(), 5);
  a.clear();
  EXPECT_TRUE(b.empty());
  ExpectError([&] { (void)a.Pop(0); }, "IndexError", "Index 0 out of bounds 0");
  ExpectError([&] { a.insert(a.begin() + 2, 1); }, "IndexError", "out of bounds [0, 0]");
}

std::atomic<int> g_custom_frees{0};
void CustomDeleter(void* data) {
  ++g_custom_frees;
  ::operator delete(data);
}

// Replaces the buffer of `obj` by a foreign one of `cap` slots, as inline code may do.
void SwapInForeignBuffer(ListObj* obj, int64_t cap) {
  auto* fresh = static_cast<TVMFFIAny*>(::operator new(sizeof(TVMFFIAny) * cap));
  auto* old = static_cast<TVMFFIAny*>(obj->data);
  for (int64_t i = 0; i < obj->TVMFFISeqCell::size; ++i) fresh[i] = old[i];
  obj->data_deleter(obj->data);
  obj->data = fresh;
  obj->TVMFFISeqCell::capacity = cap;
  obj->data_deleter = CustomDeleter;
}

// SPEC: LIST-DATA-DELETER
TEST(List, ForeignBufferIsFreedByItsDeleter) {
  g_custom_frees = 0;
  {
    List<int> list{1, 2};
    SwapInForeignBuffer(list.GetListObj(), 3);
    list.push_back(3);  // fits
    EXPECT_EQ(g_custom_frees.load(), 0);
    list.push_back(4);  // grows: the foreign buffer goes back through its own deleter
    EXPECT_EQ(g_custom_frees.load(), 1);
    EXPECT_EQ(list.to_vector(), (std::vector<int>{1, 2, 3, 4}));
  }
  EXPECT_EQ(g_custom_frees.load(), 1);
  {
    List<String> list{String("a long string that lives on the heap")};
    SwapInForeignBuffer(list.GetListObj(), 2);
  }
  EXPECT_EQ(g_custom_frees.load(), 2);  // the destructor used the current deleter
}

TEST(List, AnyConversion) {
  List<Any> mixed{Any(1), Any(String("two"))};
  Any boxed = mixed;
  EXPECT_EQ(boxed.type_index(), kTVMFFIList);
  EXPECT_TRUE(boxed.cast<List<Any>>().same_as(mixed));
  ExpectError([&] { (void)boxed.cast<List<int>>(); }, "TypeError", "List[index 1: ");
  Any arr = Array<int>{7, 8};
  List<int> from_array = arr.cast<List<int>>();
  EXPECT_EQ(from_array[1], 8);
  Function append = Function::FromTyped([](List<int> xs, int v) { xs.push_back(v); });
  List<int> target{1};
  append(target, 2);
  EXPECT_EQ(target.size(), 2u);
  EXPECT_EQ(target[1], 2);
}

// The soft-ABI globals registered by the runtime (container_globals_seq.cc).
TEST(List, RuntimeGlobals) {
  Function make_list = Function::GetGlobalRequired("ffi.List");
  List<Any> l = make_list(1, 2, 3).cast<List<Any>>();
  Function::GetGlobalRequired("ffi.ListAppend")(l, 4);
  Function::GetGlobalRequired("ffi.ListInsert")(l, 0, 0);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ListSize")(l).cast<int64_t>(), 5);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ListPop")(l, 4).cast<int>(), 4);
  Function::GetGlobalRequired("ffi.ListEraseRange")(l, 0, 1);
  Function::GetGlobalRequired("ffi.ListReplaceSlice")(l, 0, 1, make_list(7, 8));
  EXPECT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].cast<int>(), 7);
  EXPECT_EQ(l[2].cast<int>(), 2);
  Function::GetGlobalRequired("ffi.ListReverse")(l);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ListGetItem")(l, 0).cast<int>(), 3);
  EXPECT_TRUE(Function::GetGlobalRequired("ffi.ListContains")(l, 8).cast<bool>());
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListGetItem")(l, -1); }, "IndexError",
              "Index -1 out of bounds 4");
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListEraseRange")(l, 3, 1); },
              "IndexError", "Erase range [3, 1) out of bounds 4");
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListInsert")(l, 9, 1); }, "IndexError",
              "Index 9 out of bounds [0, 4]");
  Function::GetGlobalRequired("ffi.ListSetItem")(l, 1, String("s"));
  Function::GetGlobalRequired("ffi.ListErase")(l, 0);
  EXPECT_EQ(l[0].cast<String>(), "s");
  Function::GetGlobalRequired("ffi.ListClear")(l);
  EXPECT_TRUE(l.empty());
  Function::GetGlobalRequired("ffi.ListReserve")(l, 40);
  EXPECT_GE(l.capacity(), 40u);
  EXPECT_TRUE(l.empty());
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListReserve")(l, -1); }, "ValueError",
              "ffi.ListReserve: capacity `n` must be in [0, 2**59), got -1");
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListReserve")(l, int64_t{1} << 62); },
              "ValueError", "ffi.ListReserve");
  Array<Any> arr = Function::GetGlobalRequired("ffi.Array")(1, "x", 2.5).cast<Array<Any>>();
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ArraySize")(arr).cast<int>(), 3);
  EXPECT_EQ(Function::GetGlobalRequired("ffi.ArrayGetItem")(arr, 1).cast<String>(), "x");
  EXPECT_TRUE(Function::GetGlobalRequired("ffi.ArrayContains")(arr, "x").cast<bool>());
  EXPECT_FALSE(Function::GetGlobalRequired("ffi.ArrayContains")(arr, 3).cast<bool>());
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ArrayGetItem")(l, 0); }, "TypeError",
              "Expected `ffi.Array` but got `ffi.List`");
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.ListAppend")(arr, 0); }, "TypeError",
              "Expected `ffi.List` but got `ffi.Array`");
  Shape s = Function::GetGlobalRequired("ffi.Shape")(2, 3, true).cast<Shape>();
  EXPECT_EQ(s.to_vector(), (std::vector<int64_t>{2, 3, 1}));
  ExpectError([&] { (void)Function::GetGlobalRequired("ffi.Shape")(1.5); }, "ValueError",
              "Expect shape to take list of int arguments");
}

}  // namespace

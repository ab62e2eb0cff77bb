/*
 * Weak references: a tree whose children know their parent without keeping it.
 *
 * A folder holds its files, and each file wants to know its folder. If a file
 * held its folder with an ordinary reference, folder and file would form a
 * cycle, and under reference counting the whole tree would leak. Here a file
 * holds a WeakRef to its folder: a reference that does not count. When the
 * last outside reference to the folder goes, its count reaches zero, it is
 * freed, and its files follow.
 *
 * @atlas title: Weak references: a child that does not keep its parent
 * @atlas collector: refcount
 * @atlas view: heap, counters
 * @atlas expect-stdout: notes.txt is in docs
 * @atlas expect-stdout: plan.txt is in docs
 * @atlas expect-stdout: todo.txt is in docs
 * @atlas expect-stdout: made and dropped 100 folders
 * @atlas expect-gc: cycle-collection 0
 * @atlas expect-growth: heapUsed < 16 KiB
 * @atlas expect-exit: 0
 * @atlas done: refcountCycle.weak when end
 */
class Folder {
  constructor(name) {
    this.name = name;
    this.files = [];
  }
  add(fileName) {
    // @atlas say: The file's `folder` is a WeakRef: it can reach the folder (deref()), but it does not add to the folder's count.
    this.files.push({ name: fileName, folder: new WeakRef(this) });
  }
}

function describe(folder) {
  for (const file of folder.files) console.log(`${file.name} is in ${file.folder.deref().name}`);
}

function makeFolder(i) {
  const folder = new Folder(`folder ${i}`);
  folder.add('a.txt');
  folder.add('b.txt');
  return folder.files.length;
}

let docs = new Folder('docs'); // @atlas say: A folder with a count of 1 (the variable `docs`). Press F5 to watch three files go in.
docs.add('notes.txt');
docs.add('plan.txt');
docs.add('todo.txt');
describe(docs); // @atlas say: Each file reaches its folder through deref() while the folder is alive. In the Managed heap view, the folder's count is still 1: the three WeakRefs did not add to it.
// @atlas ask: `docs` is set to null next. Its files point back at it, but only weakly. What happens to the folder and its files?
// @atlas correct: The folder's count reaches 0, it is freed, and then its files are
// @atlas choice: They stay: the files and the folder refer to each other, a cycle
// @atlas choice: Nothing until a cycle collector runs
// @atlas reveal: Freed at once, all of them. The folder's count was 1 and became 0, so it was freed; freeing it dropped its `files` array, whose count went to 0, and so on down the tree.
// @atlas reveal: There is no cycle of counted references: the way back up is weak. This is what Swift programmers do with `weak` and `unowned`.
docs = null;
let made = 0;
for (let i = 0; i < 100; i++) {
  makeFolder(i);
  made++;
}
console.log(`made and dropped ${made} folders`); // @atlas say: 100 more folders with two files each were made and dropped, and each was freed when makeFolder returned. The heap is where it started.
// @atlas at-exit: No collection of any kind ran, and nothing leaked: with the child-to-parent link weak, counting is enough. A WeakRef's deref() returns undefined once its target is gone, so code that follows one must check.

// A reading list on Tiddly's JavaScript client: a live query keeps the list current (also with
// changes made elsewhere), the form creates rows, a checkbox saves one column, a button deletes.
// Rows reach the page through textContent only. The server's address comes from ?api=, else the
// default one.
const api = new URLSearchParams(location.search).get("api") ?? "http://127.0.0.1:4567";
const {connect} = await import(api + "/_client.js");

const status = document.getElementById("status");
const list = document.getElementById("books");
const rows = new Map(); // id → the row as the stream last sent it

const db = await connect(api);
const query = db.reading.orderBy("id");

function render() {
  list.replaceChildren(...[...rows.values()].sort((a, b) => a.id - b.id).map(item));
  const left = [...rows.values()].filter((row) => !row.done).length;
  document.getElementById("left").textContent = `${left} to read`;
}

function item(row) {
  const li = document.createElement("li");
  li.dataset.id = row.id;
  li.classList.toggle("done", row.done);
  const done = document.createElement("input");
  done.type = "checkbox";
  done.checked = row.done;
  done.addEventListener("change", () => toggle(row.id, done.checked));
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = row.title;
  const author = document.createElement("span");
  author.className = "author";
  author.textContent = row.author ?? "";
  const remove = document.createElement("button");
  remove.textContent = "Remove";
  remove.addEventListener("click", () => act(async () => (await db.reading.get(row.id)).delete()));
  li.append(done, title, author, remove);
  return li;
}

/** Reads the row (for its ETag), changes one column and saves it with If-Match. */
async function toggle(id, done) {
  await act(async () => {
    const row = await db.reading.get(id);
    row.done = done;
    await row.save();
  });
}

async function act(write) {
  try {
    await write();
    status.textContent = "saved";
  } catch (error) {
    status.textContent = error.conflict
      ? "someone else changed this book; it now shows their version"
      : `${error.message} (${error.code})`;
  }
}

document.getElementById("add").addEventListener("submit", (event) => {
  event.preventDefault();
  const title = document.getElementById("title");
  const author = document.getElementById("author");
  act(async () => {
    await db.reading.create({title: title.value, author: author.value || null});
    title.value = "";
    author.value = "";
  });
});

// The rows now (snapshot events), then every change; after a reset the rows come again.
query.subscribe((event) => {
  if (event.type === "reset") rows.clear();
  if (event.type === "snapshot" || event.type === "insert" || event.type === "update") rows.set(event.row.id, event.row);
  if (event.type === "delete") rows.delete(event.row.id);
  if (event.type === "ready") status.textContent = "live";
  if (event.type === "error") status.textContent = `${event.error.message} (${event.error.code})`;
  if (event.type !== "ready") render();
}, {snapshot: true});
render();

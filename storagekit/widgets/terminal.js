// The labs' terminal: a scrollback, a prompt and an input line. Enter sends the line to Python, which runs
// it on the host or cluster and sends back the new scrollback; the arrow keys walk the history of lines.
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "sk-terminal";
  const screen = document.createElement("pre");
  screen.className = "sk-terminal-screen";
  const row = document.createElement("div");
  row.className = "sk-terminal-row";
  const prompt = document.createElement("span");
  prompt.className = "sk-terminal-prompt";
  const input = document.createElement("input");
  input.className = "sk-terminal-input";
  input.type = "text";
  input.spellcheck = false;
  input.autocomplete = "off";
  input.setAttribute("aria-label", "command line");
  row.append(prompt, input);
  box.append(screen, row);
  el.append(box);

  let position = null; // index into history while browsing it with the arrow keys
  let draft = "";

  function show() {
    screen.innerHTML = model.get("scrollback");
    prompt.textContent = model.get("prompt");
    screen.scrollTop = screen.scrollHeight;
  }

  input.addEventListener("keydown", (event) => {
    const history = model.get("history");
    if (event.key === "Enter") {
      event.preventDefault();
      model.send({ type: "run", line: input.value });
      input.value = "";
      position = null;
    } else if (event.key === "ArrowUp" && history.length) {
      event.preventDefault();
      if (position === null) {
        draft = input.value;
        position = history.length;
      }
      position = Math.max(0, position - 1);
      input.value = history[position];
    } else if (event.key === "ArrowDown" && position !== null) {
      event.preventDefault();
      position += 1;
      if (position >= history.length) {
        position = null;
        input.value = draft;
      } else {
        input.value = history[position];
      }
    }
  });
  box.addEventListener("click", () => {
    if (!window.getSelection().toString()) input.focus();
  });
  model.on("change:scrollback", show);
  model.on("change:prompt", show);
  show();
}

export default { render };

// newsdex: "/" puts the cursor in the query box; Escape leaves it. The
// search form leaves its empty fields out of the URL, so that a search's
// address holds only what was asked.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("q");
  if (!box) return;
  var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && document.activeElement === box) {
    box.blur();
  }
});

document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList.contains("search")) return;
  Array.prototype.forEach.call(form.elements, function (field) {
    var unset = field.value === "" || (field.name === "sort" && field.value === "relevance");
    if (field.name && unset) field.disabled = true;
  });
  // Fields disabled for this submission are enabled again when the page
  // comes back from the browser's history.
  window.setTimeout(function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  }, 0);
});

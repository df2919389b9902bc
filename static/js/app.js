// SceneBridge page behaviour, without inline scripts (the CSP forbids them).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset ? form.dataset.confirm : null;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (form && form.hasAttribute("data-autosubmit")) {
    form.submit();
  }
});
// Drafts are never lost: a form marked data-keep-draft remembers what was typed until it is saved.
document.querySelectorAll("form[data-keep-draft]").forEach((form) => {
  const key = "draft:" + form.dataset.keepDraft;
  const saved = window.localStorage.getItem(key);
  if (saved && !form.dataset.fresh) {
    try {
      const values = JSON.parse(saved);
      for (const [name, value] of Object.entries(values)) {
        const field = form.elements.namedItem(name);
        if (field && "value" in field && field.type !== "checkbox" && field.type !== "file" && !field.value) {
          field.value = value;
        }
      }
    } catch (error) { window.localStorage.removeItem(key); }
  }
  form.addEventListener("input", () => {
    const values = {};
    for (const field of form.elements) {
      if (field.name && field.type !== "file" && field.type !== "checkbox" && field.type !== "hidden" && field.type !== "password") {
        values[field.name] = field.value;
      }
    }
    window.localStorage.setItem(key, JSON.stringify(values));
  });
  form.addEventListener("submit", () => window.localStorage.removeItem(key));
});

/**
 * Known HTML/JS injection vectors (OWASP filter-evasion cheat sheet style), each of which, if it
 * ever ran, would set window.__xss or open a dialog. Built from vectors × sinks so the list is
 * long (over 200) but every entry is a real-world shape.
 */
const JS = ['alert(1)', 'window.__xss=1', 'confirm(1)', 'prompt(1)', 'top.__xss=1'];

const TEMPLATES: ((js: string) => string)[] = [
  (js) => `<script>${js}</script>`,
  (js) => `<img src=x onerror=${js}>`,
  (js) => `<img src="x" onerror="${js}">`,
  (js) => `<svg onload=${js}>`,
  (js) => `<svg><script>${js}</script></svg>`,
  (js) => `<body onload=${js}>`,
  (js) => `<iframe src="javascript:${js}"></iframe>`,
  (js) => `<iframe srcdoc="<script>${js}</script>">`,
  (js) => `<a href="javascript:${js}">klik</a>`,
  (js) => `<details open ontoggle=${js}>`,
  (js) => `<input autofocus onfocus=${js}>`,
  (js) => `<video><source onerror=${js}></video>`,
  (js) => `<audio src=x onerror=${js}>`,
  (js) => `<marquee onstart=${js}>`,
  (js) => `<object data="javascript:${js}">`,
  (js) => `<embed src="javascript:${js}">`,
  (js) => `"><script>${js}</script>`,
  (js) => `'><img src=x onerror=${js}>`,
  (js) => `</title><script>${js}</script>`,
  (js) => `</textarea><script>${js}</script>`,
  (js) => `<math><mtext><table><mglyph><style><img src=x onerror=${js}>`,
  (js) => `<div style="background:url(javascript:${js})">`,
  (js) => `<link rel=import href="data:text/html,<script>${js}</script>">`,
  (js) => `<meta http-equiv="refresh" content="0;url=javascript:${js}">`,
  (js) => `<form action="javascript:${js}"><button>x</button></form>`,
  (js) => `<isindex action=javascript:${js} type=image>`,
  (js) => `<scr<script>ipt>${js}</scr</script>ipt>`,
  (js) => `<SCRIPT SRC=data:text/javascript,${js}></SCRIPT>`,
  (js) => `<img src=x oNeRrOr=${js}>`,
  (js) => `<img/src=x/onerror=${js}>`,
  (js) => `javascript:${js}`,
  (js) => `{{constructor.constructor('${js}')()}}`,
  (js) => `\${${js}}`,
  (js) => `<%= ${js} %>`,
  (js) => `&lt;script&gt;${js}&lt;/script&gt;`,
  (js) => `\u003cscript\u003e${js}\u003c/script\u003e`,
  (js) => `<img src=x onerror=&#${js.charCodeAt(0)};${js.slice(1)}>`,
  (js) => `<a href="jav&#x09;ascript:${js}">x</a>`,
  (js) => `<svg><a xlink:href="javascript:${js}"><text y=20>x</text></a></svg>`,
  (js) => `<style>@import 'javascript:${js}';</style>`,
  (js) => `=HYPERLINK("javascript:${js}")`,
  (js) => `+${js}`,
];

export const XSS_PAYLOADS: string[] = [];
for (const t of TEMPLATES) for (const js of JS) XSS_PAYLOADS.push(t(js));

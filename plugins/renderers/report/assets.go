package report

// style is the page's whole stylesheet: system fonts, no external resource.
const style = `
:root{--ink:#1b2838;--muted:#5a6b7d;--line:#d8dee6;--bg:#f7f9fb;--accent:#1d4f91}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:10px 24px;display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 18px}
h1{font-size:20px;margin:0}
.meta{margin:0;color:var(--muted)}
.filter{margin-left:auto;color:var(--muted)}
#filter{font:inherit;padding:3px 8px;border:1px solid var(--line);border-radius:4px;width:16em}
#filter-count{display:inline-block;min-width:5em}
nav{width:100%;display:flex;gap:14px}
nav a{color:var(--accent);text-decoration:none}
main{max-width:1100px;margin:0 auto;padding:8px 24px 48px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 18px;margin:16px 0}
h2{font-size:17px;margin:0 0 6px}
h3{font-size:15px;margin:18px 0 4px}
p{margin:4px 0 10px;color:var(--muted)}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;background:none;border:none;padding:0}
.stat{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.stat .value{font-size:22px;font-weight:600}
.stat .label{font-weight:500}
.stat .hint{color:var(--muted);font-size:12px}
.chart{display:block;width:100%;height:auto;margin:0 auto}
#community-graph{max-width:720px}
#community-graph line{stroke:#9aa8b8;stroke-opacity:.55;stroke-linecap:round}
#community-graph circle{stroke:#fff;stroke-width:1.5;cursor:pointer}
#community-graph text{font-size:12px;text-anchor:middle;pointer-events:none;paint-order:stroke;stroke:#fff;stroke-width:3px;fill:var(--ink)}
#salience-treemap rect.file{stroke:#fff;stroke-width:.5}
#salience-treemap rect.risky{stroke:#c62828;stroke-width:2}
#salience-treemap text{font-size:11px;pointer-events:none}
#salience-treemap .modules rect{fill:none;stroke:#1b2838;stroke-width:1.5;pointer-events:none}
#salience-treemap .modules text{font-size:11px;font-weight:600;fill:#1b2838;paint-order:stroke;stroke:#fff;stroke-width:3px;pointer-events:auto;cursor:pointer}
.matrix text{font-size:11px;fill:var(--ink)}
.matrix text.row{text-anchor:end}
.matrix rect.self{fill:#eef1f4}
.matrix circle{fill:var(--accent);pointer-events:none}
.dim{opacity:.12}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted)}
td.n{text-align:right;white-space:nowrap}
tbody tr:hover{background:#f0f4fa}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.level{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;color:#fff;background:#7a8896}
.level.critical{background:#8e0000}.level.high{background:#c62828}.level.medium{background:#e08a00}
.bar{display:inline-block;width:60px;height:7px;background:#e6eaef;border-radius:4px;vertical-align:middle}
.bar span{display:block;height:100%;background:var(--accent);border-radius:4px}
.scroll{overflow-x:auto}
table.team th.person{white-space:nowrap;font-size:12px}
table.team td:first-child{white-space:nowrap}
table.team td:first-child code{word-break:normal}
table.team td.k{text-align:center;min-width:38px;color:#fff;text-shadow:0 0 2px #1b2838}
.empty{font-style:italic}
.more{font-size:12px}
#tip{position:fixed;z-index:5;max-width:460px;padding:7px 10px;background:#1b2838;color:#fff;border-radius:5px;font-size:12px;white-space:pre-line;pointer-events:none;box-shadow:0 2px 8px rgba(0,0,0,.25)}
[data-tip]{cursor:default}
`

// script is the page's only code: a tooltip for every element with a
// data-tip, a path filter that dims chart elements and hides table rows
// whose data-filter does not contain the text, and clicks on data-select
// elements that fill the filter.
const script = `
(function(){
"use strict";
var tip=document.getElementById("tip"),filter=document.getElementById("filter"),count=document.getElementById("filter-count");
function place(e){
  var x=e.clientX+14,y=e.clientY+14,w=tip.offsetWidth,h=tip.offsetHeight;
  if(x+w>window.innerWidth-8){x=e.clientX-w-14}
  if(y+h>window.innerHeight-8){y=e.clientY-h-14}
  tip.style.left=Math.max(4,x)+"px";tip.style.top=Math.max(4,y)+"px";
}
function target(el){return el&&el.closest?el.closest("[data-tip]"):null}
document.addEventListener("mouseover",function(e){
  var t=target(e.target);
  if(!t){tip.hidden=true;return}
  tip.textContent=t.getAttribute("data-tip");tip.hidden=false;place(e);
});
document.addEventListener("mousemove",function(e){if(!tip.hidden){place(e)}});
document.addEventListener("mouseout",function(e){if(!target(e.relatedTarget)){tip.hidden=true}});
function apply(){
  var q=filter.value.trim().toLowerCase(),n=0;
  document.querySelectorAll("[data-filter]").forEach(function(el){
    var hit=q===""||el.getAttribute("data-filter").toLowerCase().indexOf(q)>=0;
    if(el.tagName==="TR"){el.hidden=!hit}else{el.classList.toggle("dim",!hit)}
    if(hit&&q!==""){n++}
  });
  count.textContent=q===""?"":n+(n===1?" match":" matches");
}
filter.addEventListener("input",apply);
document.addEventListener("click",function(e){
  var s=e.target.closest?e.target.closest("[data-select]"):null;
  if(s){filter.value=s.getAttribute("data-select");apply()}
});
})();
`

// Package layout places things on a plane for the charts renderers draw:
// a squarified treemap (Squarify, Treemap) and a force-directed layout of
// weighted, sized nodes (Force).
//
// Layouts are computed in the core, once per model, and handed to renderers
// in the render model (Community.x/y/radius, Model.treemap), so every
// renderer that draws a chart draws the same picture and none needs its own
// geometry. Everything here is deterministic: the same input gives the same
// coordinates on every machine, so rendered files diff cleanly.
//
// No I/O and no dependency beyond the standard library.
package layout

/* Images that cite: the graph on screen (chart or map) redrawn with its source, data date and
   link under it, and the same citation in the file's metadata (PNG tEXt chunks, SVG <title>,
   <desc> and Dublin Core <metadata>). `citation` comes from the view callback (the server
   knows the view's sources); the link is the address in the browser. */
window.aggstatsExport = (function () {
    "use strict";
    const LINE = 15;  // px per citation line (font 11)

    function plain(html) {
        const div = document.createElement("div");
        div.innerHTML = html.replace(/<br>/g, " ");
        return div.textContent.trim();
    }

    function wrap(text, width) {
        const out = [];
        let line = "";
        for (const word of text.split(" ")) {
            const long = word.length > width;  // a link: cut where the line ends, not before
            if (line && !long && (line + " " + word).length > width) { out.push(line); line = ""; }
            line = line ? line + " " + word : word;
            while (line.length > width) { out.push(line.slice(0, width)); line = line.slice(width); }
        }
        if (line) { out.push(line); }
        return out;
    }

    function entries(graph, citation, link) {
        const title = plain(((graph.layout.title || {}).text || "").split("<br>")[0]);
        return {
            Title: title,
            Source: citation.source,
            Description: citation.lines.join(" "),
            Comment: "View: " + link,
            Software: "aggstats",
        };
    }

    function cited(graph, citation, link) {
        const full = graph._fullLayout;
        const size = full._size;
        const chars = Math.max(60, Math.floor(full.width / 7));
        const lines = [...citation.lines, "View: " + link].flatMap((t) => wrap(t, chars));
        const extra = lines.length * LINE + 16;
        const layout = JSON.parse(JSON.stringify(graph.layout));
        layout.width = full.width;
        layout.height = full.height + extra;
        layout.margin = Object.assign({}, layout.margin, {b: size.b + extra});
        layout.annotations = (layout.annotations || []).concat([{
            text: lines.map((t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;")).join("<br>"),
            xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
            xshift: 12 - size.l, yshift: -size.b - 8, align: "left", showarrow: false,
            font: {size: 11, color: "#333333"}, name: "citation",
        }]);
        return {data: JSON.parse(JSON.stringify(graph.data)), layout: layout};
    }

    // PNG: tEXt chunks (Latin-1 keyword and text) go right after the IHDR chunk.
    const CRC = Array.from({length: 256}, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
        return c >>> 0;
    });

    function crc32(bytes) {
        let c = 0xffffffff;
        for (const b of bytes) { c = CRC[(c ^ b) & 0xff] ^ (c >>> 8); }
        return (c ^ 0xffffffff) >>> 0;
    }

    function latin1(text) {
        return text.replace(/[\u2013\u2014]/g, "-").replace(/[\u2018\u2019]/g, "'")
            .replace(/[\u201c\u201d]/g, '"').replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
    }

    function textChunk(keyword, text) {
        const body = Array.from(latin1(keyword) + "\0" + latin1(text), (ch) => ch.charCodeAt(0));
        const typed = [0x74, 0x45, 0x58, 0x74, ...body];  // "tEXt" + data
        const out = new Uint8Array(12 + body.length);
        const view = new DataView(out.buffer);
        view.setUint32(0, body.length);
        out.set(typed, 4);
        view.setUint32(8 + body.length, crc32(typed));
        return out;
    }

    function withText(png, fields) {
        const chunks = Object.entries(fields).map(([k, v]) => textChunk(k, v));
        const at = 8 + 25;  // signature, then IHDR (length, type, 13 bytes, crc)
        const size = png.length + chunks.reduce((n, c) => n + c.length, 0);
        const out = new Uint8Array(size);
        out.set(png.subarray(0, at), 0);
        let offset = at;
        for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.length; }
        out.set(png.subarray(at), offset);
        return out;
    }

    function escapeXml(text) {
        return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
            .replace(/"/g, "&quot;");
    }

    function withMetadata(svg, fields) {
        const dc = [["title", fields.Title], ["source", fields.Source],
            ["description", fields.Description], ["identifier", fields.Comment]]
            .map(([k, v]) => `<dc:${k}>${escapeXml(v)}</dc:${k}>`).join("");
        const head = `<title>${escapeXml(fields.Title)}</title>` +
            `<desc>${escapeXml(fields.Source + " " + fields.Description + " " + fields.Comment)}` +
            "</desc><metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" " +
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><rdf:Description>" + dc +
            "</rdf:Description></rdf:RDF></metadata>";
        const open = svg.indexOf(">", svg.indexOf("<svg")) + 1;
        return svg.slice(0, open) + head + svg.slice(open);
    }

    function save(blob, name) {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = name;
        document.body.appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }

    async function download(format, citation) {
        const graph = document.querySelector(".panel:not([hidden]) .js-plotly-plot");
        if (!graph || !window.Plotly || !citation) { return; }
        const link = window.location.href;
        const figure = cited(graph, citation, link);
        const fields = entries(graph, citation, link);
        const url = await window.Plotly.toImage(figure, {
            format: format, width: figure.layout.width, height: figure.layout.height,
            scale: format === "png" ? 2 : 1,
        });
        const name = "aggstats-" + ((graph.closest(".dash-graph") || {}).id || "chart") + "." + format;
        if (format === "svg") {
            const svg = decodeURIComponent(url.slice(url.indexOf(",") + 1));
            save(new Blob([withMetadata(svg, fields)], {type: "image/svg+xml"}), name);
        } else {
            const bytes = Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));
            save(new Blob([withText(bytes, fields)], {type: "image/png"}), name);
        }
    }

    return {download: download, cited: cited};
})();

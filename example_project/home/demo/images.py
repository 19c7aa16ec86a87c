"""Pictures for the demo articles, drawn with Pillow: a diagonal gradient in
the story's colours, a few translucent shapes and the story's word."""

import io
import random

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 675)


def _mix(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def _gradient(size, start, end):
    """A diagonal gradient from ``start`` (top left) to ``end`` (bottom right)."""
    vertical = Image.linear_gradient("L")
    horizontal = vertical.rotate(90)
    mask = Image.blend(vertical, horizontal, 0.5).resize(size)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _shapes(draw, rng, size, colours):
    """Translucent circles, a band of hills and a few bars."""
    width, height = size
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(height // 8, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height // 2)
        fill = (*rng.choice(colours), rng.randint(50, 110))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    horizon = rng.randint(height * 55 // 100, height * 70 // 100)
    points = [(0, height)]
    for x in range(0, width + 150, 150):
        points.append((x, horizon + rng.randint(-60, 40)))
    points.append((width, height))
    draw.polygon(points, fill=(*colours[0], 150))
    for index in range(rng.randint(3, 6)):
        left = width - 80 - index * 70
        top = horizon - rng.randint(40, 200)
        draw.rectangle((left, top, left + 44, horizon + 40), fill=(255, 255, 255, 60))


def draw_picture(label, caption, palette, seed, size=SIZE):
    """Return JPEG bytes of a picture with ``label`` in large letters and a
    smaller ``caption`` under it (ASCII: Pillow's default font has no
    Turkmen letters). The same arguments give the same picture."""
    rng = random.Random(seed)
    dark, light = palette
    start = _mix(dark, (0, 0, 0), rng.uniform(0, 0.3))
    end = _mix(light, (255, 255, 255), rng.uniform(0, 0.25))
    picture = _gradient(size, start, end).convert("RGBA")

    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _shapes(draw, rng, size, [dark, light, _mix(dark, light, 0.5)])

    width, height = size
    draw.rectangle((0, height - 150, width, height), fill=(0, 0, 0, 120))
    draw.text((48, height - 138), label, font=ImageFont.load_default(size=64), fill="white")
    draw.text(
        (50, height - 60), caption, font=ImageFont.load_default(size=30), fill=(255, 255, 255, 220)
    )

    picture = Image.alpha_composite(picture, overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()

// Type-level checks: a substitution group is an exclusive choice of its elements; an abstract type's `$type`
// names only concrete types.
import type { Canvas, Drawing, Garage, Layer, ShapeType, SquareType } from "./expected/types.js";

export const drawing: Drawing = { Title: "t", Tile: { Color: "red", Side: 1 } };
// @ts-expect-error the abstract head itself cannot appear
export const head: Drawing = { Title: "t", Shape: { Color: "red" } };
// @ts-expect-error two members at once
export const two: Drawing = { Title: "t", Circle: { Color: "r", Radius: 1 }, Square: { Color: "r", Side: 1 } };
export const canvas: Canvas = { $Shape: [{ Circle: { Color: "r", Radius: 1 } }, { Square: { Color: "b", Side: 2 } }] };
export const garage: Garage = {};
const square: SquareType = { $type: "SquareType", Color: "c", Side: 3 };
export const layer: Layer = { Main: square };
// @ts-expect-error the abstract type is no value's actual type
export const abstractType: ShapeType = { $type: "ShapeType", Color: "c" };

;; Exports a:b/streams@0.1.3 by forwarding its own import of
;; a:b/host-streams@0.1.0: the resource comes from an import of the result.
(component
  (import "a:b/host-streams@0.1.0" (instance $h
    (export "output-stream" (type (sub resource)))
    (export "[method]output-stream.write" (func (param "self" (borrow 0)) (param "v" u32)))))
  (export "a:b/streams@0.1.3" (instance $h)))
